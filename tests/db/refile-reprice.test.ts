import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disbursementLines, disbursements, feeRequests, ledgerAccounts } from "../../db/schema";
import { approveFeeRequest, createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { accountKey } from "../../app/modules/ledger/accounts.server";
import { recordFiled, recordRefiled, recordRejectedAtIntake } from "../../app/modules/uscis/status.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants, ledgerTable, makeCampaign } from "../support/ledger";

let database: TestDatabase;
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedFeeSchedules(database.db);
  staffId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(() => database.close());

const row = async (id: string) => (await database.db.select().from(feeRequests).where(eq(feeRequests.id, id)))[0]!;
const balance = async (type: "fee_request" | "applicant_payable", id: string) =>
  Number((await database.db.select().from(ledgerAccounts).where(eq(ledgerAccounts.key, accountKey(type, id))))[0]?.balanceCents ?? 0);
const scheduleCampaign = () => makeCampaign(database.db, staffId, { feeSource: "schedule", fixedFee: undefined });

/** A case approved under the 2016 schedule ($495: $410 I-765 + $85 biometrics). */
async function approvedAt495(campaignId: string, dacaExpiresOn = "2027-01-15") {
  const request = await createFeeRequest(database.db, { campaignId, filingMethod: "online", dacaExpiresOn, state: "CA", language: "es" });
  return approveFeeRequest(database.db, { feeRequestId: request.id, actorUserId: staffId, on: "2024-03-15" });
}

const lines555 = [
  { form: "I-821D", amountCents: 8500 },
  { form: "I-765", amountCents: 47000 },
];
const step = (id: string) => ({ feeRequestId: id, actorUserId: staffId });

describe("re-priced at payment, rejected at intake, refiled from its own returned fee", () => {
  it("approved at $495, paid at $555 ($60 from the pool), both forms returned, refiled and paid again", async () => {
    const db = database.db;
    const campaign = await scheduleCampaign();
    const c = await approvedAt495(campaign.id);
    expect(c.feeCents).toBe(49500);
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-1", giftCents: 60000 });
    await fundQueue(db, { campaignId: campaign.id });
    expect(await row(c.id)).toMatchObject({ status: "funded", feeCents: 49500 });

    // Paid after the fee rose to $555: the $60 difference comes from the pool.
    await payFee(db, { feeRequestId: c.id, method: "g1450_card", paidOn: "2026-11-02", lines: lines555, recordedByUserId: staffId });
    expect(await row(c.id)).toMatchObject({ status: "paid", feeCents: 55500, shortCents: 0 });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 60000 - 55500, disbursedCents: 55500, allocatedCents: 0 });
    await expectLedgerInvariants(db, [campaign.id]);

    // Rejected at intake: both forms come back, held for the case.
    await recordFiled(db, { ...step(c.id), filedOn: "2026-11-05" });
    expect(await recordRejectedAtIntake(db, { ...step(c.id), rejectedOn: "2026-11-20" })).toEqual({ returnedCents: 55500 });
    expect(await row(c.id)).toMatchObject({ status: "paid", uscisStatus: "rejected_at_intake", refileBy: "2027-01-19" });
    expect(await balance("fee_request", c.id)).toBe(55500);
    // The pool does not get it: allocation leaves the held fee alone.
    await fundQueue(db, { campaignId: campaign.id, now: new Date("2026-12-01T18:00:00Z") });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 4500, allocatedCents: 55500, disbursedCents: 0 });
    await expectLedgerInvariants(db, [campaign.id]);

    // Refiled within the window: funded again from its own money, paid, filed.
    expect(await recordRefiled(db, { ...step(c.id), now: new Date("2026-12-01T18:00:00Z") })).toEqual({ heldCents: 55500 });
    expect(await row(c.id)).toMatchObject({ status: "funded", refileBy: null });
    await payFee(db, { feeRequestId: c.id, method: "g1450_card", paidOn: "2026-12-02", lines: lines555, recordedByUserId: staffId });
    await recordFiled(db, { ...step(c.id), filedOn: "2026-12-03" });
    expect(await row(c.id)).toMatchObject({ status: "paid", uscisStatus: "filed", filedOn: "2026-12-03" });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 4500, allocatedCents: 0, disbursedCents: 55500, feesFunded: 1, feesPaid: 1 });

    expect(await ledgerTable(db, campaign.id)).toMatchSnapshot();
    await expectLedgerInvariants(db, [campaign.id]);
  });

  it("a case the pool cannot top up waits funded and short, in its place, and is topped up before new cases", async () => {
    const db = database.db;
    const campaign = await scheduleCampaign();
    const first = await approvedAt495(campaign.id, "2027-01-10");
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-a", giftCents: 49500 });
    await fundQueue(db, { campaignId: campaign.id });
    const error = await payFee(db, { feeRequestId: first.id, method: "g1450_card", paidOn: "2026-11-02", lines: lines555, recordedByUserId: staffId }).catch((e) => e);
    expect(error).toMatchObject({ code: "short" });
    expect(await row(first.id)).toMatchObject({ status: "funded", feeCents: 55500, shortCents: 6000 });

    // A new case waits behind it: the next gift tops up the short case first.
    const later = await approvedAt495(campaign.id, "2027-06-01");
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-b", giftCents: 10000 });
    expect(await fundQueue(db, { campaignId: campaign.id })).toMatchObject({ funded: 0, allocatedCents: 6000 });
    expect(await row(first.id)).toMatchObject({ status: "funded", shortCents: 0 });
    expect(await row(later.id)).toMatchObject({ status: "approved" });
    await payFee(db, { feeRequestId: first.id, method: "g1450_card", paidOn: "2026-11-03", lines: lines555, recordedByUserId: staffId });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 4000, disbursedCents: 55500 });
    await expectLedgerInvariants(db, [campaign.id]);
  });

  it("a fee that fell is released back to the pool at payment", async () => {
    const db = database.db;
    const campaign = await scheduleCampaign();
    const request = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: "paper", dacaExpiresOn: "2027-01-15", state: "CA", language: "en" });
    await approveFeeRequest(db, { feeRequestId: request.id, actorUserId: staffId, on: "2026-11-01" });
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-p", giftCents: 60500 });
    await fundQueue(db, { campaignId: campaign.id });
    // Paid on a date when the (old) schedule said $495.
    await payFee(db, { feeRequestId: request.id, method: "g1450_card", paidOn: "2024-03-01", lines: [{ form: "I-765", amountCents: 41000 }, { form: "biometrics", amountCents: 8500 }], recordedByUserId: staffId });
    expect(await row(request.id)).toMatchObject({ status: "paid", feeCents: 49500 });
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ poolAvailableCents: 60500 - 49500, disbursedCents: 49500, allocatedCents: 0 });
    await expectLedgerInvariants(db, [campaign.id]);
  });
});

describe("after an intake rejection", () => {
  it("a case whose refile window passed returns the fee to the pool and waits in the queue again", async () => {
    const db = database.db;
    const campaign = await makeCampaign(db, staffId, { feeSource: "fixed", fixedFee: 55500 });
    const c = await approvedAt495(campaign.id);
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-w", giftCents: 55500 });
    await fundQueue(db, { campaignId: campaign.id });
    await payFee(db, { feeRequestId: c.id, method: "g1650_ach", paidOn: "2026-11-02", lines: lines555, recordedByUserId: staffId });
    await recordRejectedAtIntake(db, { ...step(c.id), rejectedOn: "2026-11-20" });
    // Day 61: the window has passed; the next allocation sends the fee to the pool and, the case
    // leading the queue again, funds it from there.
    const late = new Date("2027-01-20T18:00:00Z");
    await expect(recordRefiled(db, { ...step(c.id), now: late })).rejects.toMatchObject({ code: "refile_window_passed" });
    const result = await fundQueue(db, { campaignId: campaign.id, now: late });
    expect(result).toMatchObject({ funded: 1, fundedIds: [c.id] });
    expect(await row(c.id)).toMatchObject({ status: "funded", refileBy: null });
    const [release] = (await ledgerTable(db, campaign.id)).split("\n").filter((l) => l.includes("release"));
    expect(release).toMatch(/release\s+fee_request/);
    await expectLedgerInvariants(db, [campaign.id]);
  });

  it("a reimbursed case's returned fee is recorded as the applicant's; one form may come back while the other stands", async () => {
    const db = database.db;
    const campaign = await makeCampaign(db, staffId, { feeSource: "fixed", fixedFee: 55500 });
    const c = await approvedAt495(campaign.id);
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "gift-r", giftCents: 55500 });
    await fundQueue(db, { campaignId: campaign.id });
    await payFee(db, { feeRequestId: c.id, method: "reimbursement", paidOn: "2026-11-02", lines: lines555, recordedByUserId: staffId });
    await recordFiled(db, { ...step(c.id), filedOn: "2026-11-05" });
    // Only the I-765 comes back; the I-821D stands.
    expect(await recordRejectedAtIntake(db, { ...step(c.id), rejectedOn: "2026-11-20", forms: ["I-765"] })).toEqual({ returnedCents: 47000 });
    expect(await balance("applicant_payable", c.id)).toBe(47000);
    expect(await balance("fee_request", c.id)).toBe(0);
    const [payment] = await db.select().from(disbursements).where(eq(disbursements.feeRequestId, c.id));
    expect(payment!.returnedAt).toBeNull();
    const lines = await db.select().from(disbursementLines).where(eq(disbursementLines.disbursementId, payment!.id));
    expect(lines.map((l) => [l.form, l.returnedAt !== null]).sort()).toEqual([
      ["I-765", true],
      ["I-821D", false],
    ]);
    expect(await getCampaignTotals(db, campaign.id)).toMatchObject({ disbursedCents: 8500, allocatedCents: 0, poolAvailableCents: 0, requestsWaiting: 0 });
    // The applicant's money is not the case's: there is nothing held to refile from.
    await expect(recordRefiled(db, step(c.id))).rejects.toMatchObject({ code: "not_returned" });
    // The applicant refiles with their returned money; staff record the filing.
    await recordFiled(db, { ...step(c.id), filedOn: "2026-11-25" });
    expect(await row(c.id)).toMatchObject({ status: "paid", uscisStatus: "filed" });
    await expectLedgerInvariants(db, [campaign.id]);
  });
});
