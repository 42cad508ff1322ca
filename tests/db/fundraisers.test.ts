import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundraisers, outbox } from "../../db/schema";
import { endFinishedFundraisers } from "../../app/modules/fundraisers/fundraisers.server";
import { notifyProgress } from "../../app/modules/fundraisers/notify.server";
import { findCampaignById } from "../../app/modules/campaigns/campaigns.server";
import { recordOfflineGift } from "../../app/modules/donations/staff.server";
import { recordDisputeOpened, recordDisputeWon, recordDonation, recordRefund } from "../../app/modules/ledger/gifts.server";
import { recordMatchPaid } from "../../app/modules/ledger/transfers.server";
import { matchFor } from "../../app/modules/ledger/matches.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeFundraiser, makeHost, reloadFundraiser } from "../support/fundraisers";
import { expectLedgerInvariants, makeCampaign } from "../support/ledger";

let database: TestDatabase;
let adminId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  adminId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const emailsTo = async (to: string, template: string) =>
  database.db.select().from(outbox).where(and(eq(outbox.toAddress, to), eq(outbox.template, template)));

describe("match pledges", () => {
  it("match 1:1 only between the pledge's dates and never past the cap", () => {
    const pledge = {
      matchCapCents: 10_000,
      matchedCents: 9_000,
      matchStartsOn: "2026-05-01",
      matchEndsOn: "2026-05-31",
      startsOn: "2026-04-01",
      endsOn: "2026-06-30",
      status: "approved" as const,
      endedAt: null,
    };
    expect(matchFor(pledge, 5_000, "2026-05-10")).toBe(1_000);
    expect(matchFor({ ...pledge, matchedCents: 0 }, 5_000, "2026-05-10")).toBe(5_000);
    expect(matchFor({ ...pledge, matchedCents: 0 }, 5_000, "2026-04-30")).toBe(0);
    expect(matchFor({ ...pledge, matchedCents: 0 }, 5_000, "2026-06-01")).toBe(0);
    expect(matchFor({ ...pledge, matchCapCents: null }, 5_000, "2026-05-10")).toBe(0);
    expect(matchFor({ ...pledge, matchedCents: 10_000 }, 5_000, "2026-05-10")).toBe(0);
  });

  it("match only while the page is live: a page ended early matches gifts started before it ended, not after", () => {
    const endedAt = new Date("2026-05-10T15:00:00Z");
    const ended = { matchCapCents: 10_000, matchedCents: 0, matchStartsOn: null, matchEndsOn: "2026-05-10", startsOn: "2026-05-01", endsOn: "2026-05-31", status: "ended" as const, endedAt };
    expect(matchFor(ended, 5_000, "2026-05-10", new Date("2026-05-10T14:59:00Z"))).toBe(5_000);
    expect(matchFor(ended, 5_000, "2026-05-10", new Date("2026-05-10T15:01:00Z"))).toBe(0);
    expect(matchFor({ ...ended, status: "submitted", endedAt: null }, 5_000, "2026-05-10")).toBe(0);
    expect(matchFor({ ...ended, status: "rejected", endedAt: null }, 5_000, "2026-05-10")).toBe(0);
  });
});

describe("gifts through a page", () => {
  const receivable = async (fundraiserId: string) => {
    const result = await database.db.execute(sql`select balance_cents from ledger_accounts where type = 'match_receivable' and fundraiser_id = ${fundraiserId}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { balance_cents: string | number }[];
    return Number(rows[0]!.balance_cents);
  };

  it("refunds and disputes take back the match on the money returned, once, and a won dispute restores it within the cap", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 5_000 });
    const a = randomUUID();
    const b = randomUUID();
    const gift = { campaignId: campaign.id, fundraiserId: page.id };
    await recordDonation(database.db, { ...gift, donationId: a, idempotencyKey: "rev-a", giftCents: 3_000 });
    await recordDonation(database.db, { ...gift, donationId: b, idempotencyKey: "rev-b", giftCents: 4_000 }); // matched 2,000: the cap
    expect(await reloadFundraiser(database.db, page.id)).toMatchObject({ raisedCents: 7_000, matchedCents: 5_000 });

    // B refunded in full: only the 2,000 matched on it comes off, and the freed cap is usable again.
    const refundB = { ...gift, donationId: b, idempotencyKey: "rev-b-refund", amountCents: 4_000, giftCents: 4_000, fullRefund: true };
    await recordRefund(database.db, refundB);
    await recordRefund(database.db, refundB);
    expect(await reloadFundraiser(database.db, page.id)).toMatchObject({ raisedCents: 3_000, matchedCents: 3_000 });
    expect(await receivable(page.id)).toBe(3_000);

    // A partly refunded, then the rest disputed: its match goes to zero.
    await recordRefund(database.db, { ...gift, donationId: a, idempotencyKey: "rev-a-refund", amountCents: 1_000, giftCents: 1_000, fullRefund: false });
    expect((await reloadFundraiser(database.db, page.id)).matchedCents).toBe(2_000);
    const dispute = { ...gift, donationId: a, amountCents: 2_000, giftCents: 2_000 };
    await recordDisputeOpened(database.db, { ...dispute, idempotencyKey: "rev-a-dispute", disputeFeeCents: 0 });
    expect(await reloadFundraiser(database.db, page.id)).toMatchObject({ raisedCents: 0, matchedCents: 0 });
    expect(await receivable(page.id)).toBe(0);

    // Won: the 2,000 comes back with its match, but only what the cap still allows.
    await recordDonation(database.db, { ...gift, donationId: randomUUID(), idempotencyKey: "rev-c", giftCents: 4_000 });
    expect((await reloadFundraiser(database.db, page.id)).matchedCents).toBe(4_000);
    await recordDisputeWon(database.db, { ...dispute, idempotencyKey: "rev-a-won" });
    await recordDisputeWon(database.db, { ...dispute, idempotencyKey: "rev-a-won" });
    expect(await reloadFundraiser(database.db, page.id)).toMatchObject({ raisedCents: 6_000, matchedCents: 5_000 });
    expect(await receivable(page.id)).toBe(5_000);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("a refund never takes back a match the host has already paid", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 5_000 });
    const gift = { campaignId: campaign.id, fundraiserId: page.id };
    const a = randomUUID();
    await recordDonation(database.db, { ...gift, donationId: a, idempotencyKey: "paid-a", giftCents: 3_000 });
    await recordDonation(database.db, { ...gift, donationId: randomUUID(), idempotencyKey: "paid-b", giftCents: 1_000 });
    await recordMatchPaid(database.db, { campaignId: campaign.id, fundraiserId: page.id, amountCents: 3_500, idempotencyKey: "paid-match" });
    await recordRefund(database.db, { ...gift, donationId: a, idempotencyKey: "paid-a-refund", amountCents: 3_000, giftCents: 3_000, fullRefund: true });
    expect(await reloadFundraiser(database.db, page.id)).toMatchObject({ raisedCents: 1_000, matchedCents: 3_500, matchPaidCents: 3_500 });
    expect(await receivable(page.id)).toBe(0);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("staff can record a cash gift from an in-store event against the page: it counts and is matched", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 5_000 });
    await recordOfflineGift(database.db, {
      campaign: (await findCampaignById(database.db, campaign.id))!,
      fundraiserId: page.id,
      amountCents: 8_000,
      method: "cash",
      donorName: null,
      donorEmail: null,
      locale: "en",
      actorUserId: adminId,
    });
    const after = await reloadFundraiser(database.db, page.id);
    expect(after).toMatchObject({ raisedCents: 8_000, matchedCents: 5_000 });
    expect((await emailsTo(host.email, "fundraiser-progress")).map((e) => (e.props as { kind: string }).kind)).toEqual(["first_gift"]);
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("emails the host about the first gift, half the goal and the goal once each, however often progress is checked", async () => {
    const campaign = await makeCampaign(database.db, adminId); // $495 per renewal
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, goalFees: 2 });
    const kinds = async () => (await emailsTo(host.email, "fundraiser-progress")).map((e) => (e.props as { kind: string }).kind);
    const give = async (key: string, cents: number) => {
      await recordDonation(database.db, { campaignId: campaign.id, fundraiserId: page.id, idempotencyKey: key, giftCents: cents });
      await notifyProgress(database.db, page.id);
      await notifyProgress(database.db, page.id);
    };
    await give("a", 10_000);
    expect(await kinds()).toEqual(["first_gift"]);
    await give("b", 40_000);
    expect(await kinds()).toEqual(["first_gift", "half_goal"]);
    await give("c", 49_000);
    expect((await kinds()).sort()).toEqual(["first_gift", "goal", "half_goal"]);
  });
});

describe("pages that reach their end date", () => {
  it("end, and the host gets one summary with the match payment link", async () => {
    const campaign = await makeCampaign(database.db, adminId);
    const host = await makeHost(database.db);
    const page = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id, matchCapCents: 20_000 });
    await recordDonation(database.db, { campaignId: campaign.id, fundraiserId: page.id, idempotencyKey: "end-1", giftCents: 3_000 });
    await database.db.update(fundraisers).set({ startsOn: day(-20), endsOn: day(-1) }).where(eq(fundraisers.id, page.id));
    const still = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: host.id });
    expect(await endFinishedFundraisers(database.db)).toBeGreaterThanOrEqual(1);
    expect(await endFinishedFundraisers(database.db)).toBe(0);
    expect((await reloadFundraiser(database.db, page.id)).status).toBe("ended");
    expect((await reloadFundraiser(database.db, still.id)).status).toBe("approved");
    const summaries = await emailsTo(host.email, "fundraiser-ended");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.props).toMatchObject({ raisedCents: 3_000, matchedCents: 3_000, matchOwedCents: 3_000, matchPaymentUrl: expect.stringContaining("/pay-match") });
  });
});
