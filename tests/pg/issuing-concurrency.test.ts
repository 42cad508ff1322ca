import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issuingAuthorizations } from "../../db/schema";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { decideAuthorization } from "../../app/modules/issuing/authorize.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { authorizationRequest, cardRow, fundedCase } from "../support/issuing";

// Real PostgreSQL: separate connection pools stand for separate app processes answering Stripe.
let database: TestDatabase;
let processes: Database[];
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 4 });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  processes = Array.from({ length: 5 }, () => connectPostgres(url.toString(), { max: 4 }));
  await seedFeeSchedules(database.db);
  staffId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await database.close();
});

const via = (i: number) => processes[i % processes.length]!.db;

describe("card authorizations under concurrency, across processes", () => {
  it("20 simultaneous authorizations for one form approve exactly one; each is recorded once and moves no money", async () => {
    const { campaign, request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const before = await getCampaignTotals(database.db, campaign.id);
    const asks = Array.from({ length: 20 }, () => authorizationRequest(card, 47_000));
    const decisions = await Promise.all(asks.map((a, i) => decideAuthorization(via(i), a)));
    expect(decisions.filter((d) => d.approved)).toHaveLength(1);
    expect(decisions.filter((d) => !d.approved).map((d) => d.reason)).toEqual(Array(19).fill("second_use"));

    // Stripe repeats every request, concurrently again: the recorded answers, nothing new.
    const repeats = await Promise.all(asks.map((a, i) => decideAuthorization(via(i + 1), a)));
    expect(repeats).toEqual(decisions);
    const rows = await database.db.select().from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeCardId, card));
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.approved)).toHaveLength(1);
    expect(await getCampaignTotals(database.db, campaign.id)).toEqual(before);
  });

  it("the case's two forms race each other: one approval each, no more", async () => {
    const { request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const asks = Array.from({ length: 20 }, (_, i) => authorizationRequest(card, i % 2 ? 47_000 : 8_500));
    const decisions = await Promise.all(asks.map((a, i) => decideAuthorization(via(i), a)));
    expect(decisions.filter((d) => d.approved)).toHaveLength(2);
    const approved = await database.db.select({ form: issuingAuthorizations.form, approved: issuingAuthorizations.approved }).from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeCardId, card));
    expect(approved.filter((a) => a.approved).map((a) => a.form).sort()).toEqual(["I-765", "I-821D"]);
  });
});
