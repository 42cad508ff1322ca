import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns } from "../../db/schema";
import {
  campaignFeeCents,
  CampaignError,
  changeCampaignStatus,
  createCampaign,
  getCampaignTotals,
  listLiveCampaigns,
  updateCampaign,
} from "../../app/modules/campaigns/campaigns.server";
import { addFeeSchedule, listFeeSchedules, quoteFee } from "../../app/modules/campaigns/fees.server";
import { publicFigures } from "../../app/modules/campaigns/public.server";
import type { CampaignInput } from "../../app/modules/campaigns/schema";
import { seedDemo, seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants } from "../support/ledger";

let database: TestDatabase;
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedFeeSchedules(database.db);
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

const input = (overrides: Partial<CampaignInput> = {}): CampaignInput => ({
  titleEn: "Spring renewals",
  titleEs: "Renovaciones de primavera",
  slug: `spring-${Math.random().toString(36).slice(2, 8)}`,
  summaryEn: undefined,
  summaryEs: undefined,
  storyEn: "Story",
  storyEs: "Historia",
  goalFees: 10,
  feeSource: "schedule",
  fixedFee: undefined,
  startsOn: undefined,
  endsOn: undefined,
  ...overrides,
});

describe("the DACA renewal fee schedule", () => {
  it("prices $495 until 2024-03-31, then $555 online and $605 on paper, per form", async () => {
    const q = (filingMethod: "online" | "paper", on: string) => quoteFee(database.db, { program: "daca_renewal", filingMethod, on });
    expect((await q("online", "2024-03-31"))?.totalCents).toBe(49500);
    expect((await q("paper", "2024-03-31"))?.totalCents).toBe(49500);
    const online = await q("online", "2024-04-01");
    expect(online?.totalCents).toBe(55500);
    expect(online?.components).toEqual([
      { form: "I-821D", amountCents: 8500 },
      { form: "I-765", amountCents: 47000 },
    ]);
    expect((await q("paper", "2026-11-25"))?.totalCents).toBe(60500);
    expect(await q("online", "2010-01-01")).toBeNull();
  });

  it("ends the previous schedule the day before a new one starts", async () => {
    await addFeeSchedule(
      database.db,
      {
        program: "daca_renewal",
        filingMethod: "online",
        effectiveFrom: "2027-01-01",
        nameEn: "Future",
        nameEs: "Futuro",
        components: [{ form: "I-821D", labelEn: "a", labelEs: "a", amount: 10000 }, { form: "I-765", labelEn: "b", labelEs: "b", amount: 50000 }],
      },
      adminId,
    );
    const online = (await listFeeSchedules(database.db)).filter((s) => s.filingMethod === "online");
    expect(online.map((s) => [s.effectiveFrom, s.effectiveUntil])).toEqual([
      ["2027-01-01", null],
      ["2024-04-01", "2026-12-31"],
      ["2016-12-23", "2024-03-31"],
    ]);
    expect((await quoteFee(database.db, { program: "daca_renewal", filingMethod: "online", on: "2027-02-01" }))?.totalCents).toBe(60000);
    expect((await quoteFee(database.db, { program: "daca_renewal", filingMethod: "online", on: "2026-12-31" }))?.totalCents).toBe(55500);
  });

  it("seeds the schedules once however often seed runs", async () => {
    expect(await seedFeeSchedules(database.db)).toBe(0);
  });
});

describe("campaigns", () => {
  it("are drafts until published, and only published campaigns in their dates are live", async () => {
    const draft = await createCampaign(database.db, { input: input(), actorUserId: adminId });
    const live = await createCampaign(database.db, { input: input({ startsOn: "2020-01-01" }), actorUserId: adminId });
    const future = await createCampaign(database.db, { input: input({ startsOn: "2999-01-01" }), actorUserId: adminId });
    const ended = await createCampaign(database.db, { input: input({ endsOn: "2021-01-01" }), actorUserId: adminId });
    for (const c of [live, future, ended]) await changeCampaignStatus(database.db, { id: c.id, intent: "publish", actorUserId: adminId });
    const liveSlugs = (await listLiveCampaigns(database.db)).map((r) => r.campaign.slug);
    expect(liveSlugs).toContain(live.slug);
    expect(liveSlugs).not.toContain(draft.slug);
    expect(liveSlugs).not.toContain(future.slug);
    expect(liveSlugs).not.toContain(ended.slug);

    await changeCampaignStatus(database.db, { id: live.id, intent: "close", actorUserId: adminId });
    expect((await listLiveCampaigns(database.db)).map((r) => r.campaign.slug)).not.toContain(live.slug);
    await expect(changeCampaignStatus(database.db, { id: live.id, intent: "close", actorUserId: adminId })).rejects.toThrow(CampaignError);
  });

  it("refuses a web address another campaign uses, on create and on edit", async () => {
    const first = await createCampaign(database.db, { input: input(), actorUserId: adminId });
    const count = (await database.db.select().from(campaigns)).length;
    await expect(createCampaign(database.db, { input: input({ slug: first.slug }), actorUserId: adminId })).rejects.toThrow("errors.slugTaken");
    expect((await database.db.select().from(campaigns)).length).toBe(count);
    const second = await createCampaign(database.db, { input: input(), actorUserId: adminId });
    await expect(updateCampaign(database.db, { id: second.id, input: input({ slug: first.slug }), actorUserId: adminId })).rejects.toThrow(
      "errors.slugTaken",
    );
  });

  it("prices a fee from the schedule or from its fixed amount", async () => {
    const scheduled = await createCampaign(database.db, { input: input(), actorUserId: adminId });
    const fixed = await createCampaign(database.db, { input: input({ feeSource: "fixed", fixedFee: 49500 }), actorUserId: adminId });
    expect(await campaignFeeCents(database.db, scheduled, "2026-06-01")).toBe(55500);
    expect(await campaignFeeCents(database.db, fixed, "2026-06-01")).toBe(49500);
  });

  it("publishes the figures of DESIGN §2, all zero before any money moves", async () => {
    const campaign = await createCampaign(database.db, { input: input({ feeSource: "fixed", fixedFee: 49500 }), actorUserId: adminId });
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ raisedCents: 0, feesFunded: 0 });
    expect(await publicFigures(database.db, campaign)).toEqual({
      slug: campaign.slug,
      currency: "usd",
      fee_cents: 49500,
      raised_cents: 0,
      donations_count: 0,
      processing_fees_cents: 0,
      pool_available_cents: 0,
      allocated_cents: 0,
      disbursed_cents: 0,
      reserve_cents: 0,
      fees_funded: 0,
      fees_paid: 0,
      requests_waiting: 0,
    });
  });
});

describe("demo seed", () => {
  it("creates the demo campaigns and accounts once, however often it runs", async () => {
    const fresh = await createTestDatabase();
    try {
      const first = await seedDemo(fresh.db);
      expect(first).toMatchObject({ campaigns: 3, users: 3, organization: true, moneyTrail: true });
      await expectLedgerInvariants(fresh.db, (await fresh.db.select().from(campaigns)).map((c) => c.id));
      expect(await seedDemo(fresh.db)).toEqual({ feeSchedules: 0, campaigns: 0, users: 0, organization: false, moneyTrail: false, fundraiser: false, applications: false });
      const rows = await fresh.db.select().from(campaigns);
      expect(rows.map((c) => [c.slug, c.status, c.feeSource, c.fixedFeeCents]).sort()).toEqual([
        ["daca-renewals-2026", "published", "schedule", null],
        ["renewal-drive-495", "published", "fixed", 49500],
        ["winter-2025-renewals", "closed", "schedule", null],
      ]);
    } finally {
      await fresh.close();
    }
  });
});
