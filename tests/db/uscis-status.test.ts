import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, auditLog, disbursements, feeRequests, outbox } from "../../db/schema";
import { saveOrganization } from "../../app/modules/organization/organization.server";
import { approveFeeRequest, createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { readIdentity, sealIdentity } from "../../app/modules/applicants/identity.server";
import { loadCase } from "../../app/modules/applicants/case.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { needsAttention } from "../../app/modules/uscis/attention.server";
import { sendEvidenceReminders } from "../../app/modules/uscis/reminders.server";
import { recordDecision, recordEvidenceRequested, recordEvidenceSent, recordFiled, recordRejectedAtIntake } from "../../app/modules/uscis/status.server";
import { performUscisAction } from "../../app/modules/uscis/staff-actions.server";
import { todayIn } from "../../app/modules/dates/dates";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants, makeCampaign } from "../support/ledger";
import { applicantEmails } from "../support/applicants";

let database: TestDatabase;
let campaignId: string;
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  staffId = (await makeUser(database.db, { role: "admin" })).id;
  campaignId = (await makeCampaign(database.db, staffId, { feeSource: "fixed", fixedFee: 49500 })).id;
});
afterAll(() => database.close());

let n = 0;
/** A case with an applicant, approved, funded and paid to USCIS. */
async function paidCase(language: "en" | "es" = "es") {
  const db = database.db;
  const email = `uscis${++n}@example.org`;
  const request = await createFeeRequest(db, { campaignId, filingMethod: "online", dacaExpiresOn: "2027-03-01", state: "TX", language });
  await sealIdentity(db, { feeRequestId: request.id, name: "Lucía", email });
  await approveFeeRequest(db, { feeRequestId: request.id, actorUserId: staffId });
  await recordDonation(db, { campaignId, idempotencyKey: `gift-${request.id}`, giftCents: 49500 });
  await fundQueue(db, { campaignId });
  await payFee(db, { feeRequestId: request.id, method: "g1450_card", paidOn: "2026-11-02", lines: [{ form: "I-821D", amountCents: 49500 }], recordedByUserId: staffId });
  return { id: request.id, email };
}

const row = async (id: string) => (await database.db.select().from(feeRequests).where(eq(feeRequests.id, id)))[0]!;
const events = async (email: string) => (await applicantEmails(database.db, email)).map((e) => e.props.event).reverse();

describe("USCIS's side of a case", () => {
  it("filed → evidence requested → evidence sent → approved, each step told to the applicant", async () => {
    const c = await paidCase();
    const step = { feeRequestId: c.id, actorUserId: staffId };
    await recordFiled(database.db, { ...step, filedOn: "2026-11-05", receipt: "IOE0912345678" });
    expect(await row(c.id)).toMatchObject({ status: "paid", uscisStatus: "filed", filedOn: "2026-11-05" });
    // The receipt number is sealed with the identity: never in clear text in the database.
    const [identityRow] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, c.id));
    expect(identityRow!.uscisReceipt).toMatch(/^v\d+\./);
    expect((await readIdentity(database.db, c.id))!.uscisReceipt).toBe("IOE0912345678");

    await recordEvidenceRequested(database.db, { ...step, dueOn: "2027-01-20" });
    expect((await loadCase(database.db, c.id)) as unknown).toMatchObject({ uscis: { status: "evidence_requested", filedOn: "2026-11-05", evidenceDueOn: "2027-01-20" } });
    await recordEvidenceSent(database.db, step);
    expect(await row(c.id)).toMatchObject({ uscisStatus: "filed", evidenceDueOn: null });
    await recordDecision(database.db, { ...step, decidedOn: "2027-02-10", decision: "approved" });
    expect(await row(c.id)).toMatchObject({ uscisStatus: "decided", uscisDecision: "approved", decidedOn: "2027-02-10" });

    expect(await events(c.email)).toEqual(["funded", "paid", "filed", "evidence_requested", "uscis_approved"]);
    const [approved] = await applicantEmails(database.db, c.email);
    expect(approved!.props).toMatchObject({ event: "uscis_approved", eventDate: "2027-02-10" });
    // Neutral subject: nothing about immigration in an inbox list.
    const sealedRows = await database.db.select().from(outbox).where(like(outbox.idempotencyKey, `case/${c.id}/uscis_approved%`));
    expect(sealedRows).toHaveLength(1);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.subjectId, c.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["uscis.filed", "uscis.evidence_requested", "uscis.evidence_sent", "uscis.approved"]));
    expect(JSON.stringify(audits)).not.toContain("IOE0912345678");
  });

  it("refuses steps out of order and dates before the previous step, with a flash for staff", async () => {
    const c = await paidCase("en");
    const step = { feeRequestId: c.id, actorUserId: staffId };
    await expect(recordDecision(database.db, { ...step, decidedOn: "2027-01-01", decision: "denied" })).rejects.toMatchObject({ code: "invalid_transition" });
    await expect(recordEvidenceRequested(database.db, { ...step, dueOn: "2027-01-01" })).rejects.toMatchObject({ code: "invalid_transition" });
    await recordFiled(database.db, { ...step, filedOn: "2026-11-10" });
    expect(await performUscisAction(database.db, { ...step, action: { intent: "uscis-decided", decidedOn: "2026-11-01", decision: "denied" } })).toEqual({
      kind: "error",
      key: "uscis.flash.date_order",
    });
    expect(await performUscisAction(database.db, { ...step, action: { intent: "uscis-filed", filedOn: "2026-11-11", receipt: undefined } })).toEqual({
      kind: "error",
      key: "uscis.flash.invalid_transition",
    });
    expect(await row(c.id)).toMatchObject({ uscisStatus: "filed", filedOn: "2026-11-10", decidedOn: null });
  });

  it("a packet rejected at intake returns the fee and the case waits to be refiled", async () => {
    const c = await paidCase();
    const before = await getCampaignTotals(database.db, campaignId);
    await recordFiled(database.db, { feeRequestId: c.id, actorUserId: staffId, filedOn: "2026-11-05" });
    expect(await recordRejectedAtIntake(database.db, { feeRequestId: c.id, actorUserId: staffId, rejectedOn: "2026-11-20" })).toEqual({ returnedCents: 49500 });
    // Held for the case until the refile window (60 days by default) closes.
    expect(await row(c.id)).toMatchObject({ status: "paid", uscisStatus: "rejected_at_intake", rejectedAtIntakeOn: "2026-11-20", refileBy: "2027-01-19" });
    const payments = await database.db.select().from(disbursements).where(eq(disbursements.feeRequestId, c.id));
    expect(payments.every((p) => p.returnedAt !== null)).toBe(true);
    expect(await getCampaignTotals(database.db, campaignId)).toMatchObject({ disbursedCents: before!.disbursedCents - 49500, allocatedCents: before!.allocatedCents + 49500 });
    expect((await events(c.email)).at(-1)).toBe("rejected_at_intake");
    await expectLedgerInvariants(database.db, [campaignId]);
  });
});

describe("evidence reminders", () => {
  it("emails a week and a day before the deadline, once each, in the organization's time zone", async () => {
    const db = database.db;
    await saveOrganization(db, { name: "Fondo", timezone: "America/Los_Angeles" });
    const c = await paidCase();
    await recordFiled(db, { feeRequestId: c.id, actorUserId: staffId, filedOn: "2026-11-05" });
    await recordEvidenceRequested(db, { feeRequestId: c.id, actorUserId: staffId, dueOn: "2026-12-20" });
    const reminders = async () => (await applicantEmails(db, c.email)).filter((e) => e.props.event === "evidence_reminder").map((e) => e.key.split("/").slice(-2).join("/"));
    // 2026-12-12 20:00 in Los Angeles is already the 13th in UTC: eight days before, no reminder yet.
    await sendEvidenceReminders(db, { now: new Date("2026-12-13T04:00:00Z") });
    expect(await reminders()).toEqual([]);
    await sendEvidenceReminders(db, { now: new Date("2026-12-13T09:00:00Z") });
    await sendEvidenceReminders(db, { now: new Date("2026-12-15T09:00:00Z") });
    expect(await reminders()).toEqual(["2026-12-20/week"]);
    await sendEvidenceReminders(db, { now: new Date("2026-12-19T12:00:00Z") });
    await sendEvidenceReminders(db, { now: new Date("2026-12-19T23:00:00Z") });
    expect((await reminders()).sort()).toEqual(["2026-12-20/day", "2026-12-20/week"]);
    const [latest] = (await applicantEmails(db, c.email)).filter((e) => e.props.event === "evidence_reminder");
    expect(latest!.props).toMatchObject({ eventDate: "2026-12-20" });
    // Once the evidence is sent, no more reminders.
    await recordEvidenceSent(db, { feeRequestId: c.id, actorUserId: staffId });
    await recordEvidenceRequested(db, { feeRequestId: c.id, actorUserId: staffId, dueOn: "2027-01-05" });
    await recordEvidenceSent(db, { feeRequestId: c.id, actorUserId: staffId });
    expect(await sendEvidenceReminders(db, { now: new Date("2027-01-04T18:00:00Z") })).toBe(0);
  });
});

describe("needs attention", () => {
  it("lists evidence deadlines, paid-not-filed and funded-not-paid cases after the organization's days", async () => {
    const db = database.db;
    await saveOrganization(db, { name: "Fondo", timezone: "America/Los_Angeles", paidNotFiledDays: 10, fundedNotPaidDays: 5 });
    const stalledPaid = await paidCase();
    const freshPaid = await paidCase();
    const waitingEvidence = await paidCase();
    await recordFiled(db, { feeRequestId: waitingEvidence.id, actorUserId: staffId, filedOn: "2026-11-05" });
    await recordEvidenceRequested(db, { feeRequestId: waitingEvidence.id, actorUserId: staffId, dueOn: "2027-01-09" });
    await db.update(feeRequests).set({ paidAt: new Date(Date.now() - 11 * 86_400_000) }).where(eq(feeRequests.id, stalledPaid.id));
    const funded = await createFeeRequest(db, { campaignId, filingMethod: "online", dacaExpiresOn: "2027-04-01", state: "TX", language: "en" });
    await approveFeeRequest(db, { feeRequestId: funded.id, actorUserId: staffId });
    await recordDonation(db, { campaignId, idempotencyKey: `gift-${funded.id}`, giftCents: 49500 });
    await fundQueue(db, { campaignId });
    await db.update(feeRequests).set({ fundedAt: new Date(Date.now() - 6 * 86_400_000) }).where(eq(feeRequests.id, funded.id));
    const list = await needsAttention(db);
    expect(list.paidNotFiled.map((i) => i.id)).toContain(stalledPaid.id);
    expect(list.paidNotFiled.map((i) => i.id)).not.toContain(freshPaid.id);
    expect(list.fundedNotPaid.map((i) => i.id)).toEqual([funded.id]);
    expect(list.evidenceDue).toEqual([expect.objectContaining({ id: waitingEvidence.id, since: "2027-01-09" })]);
  });

  it("today is the organization's calendar date, not UTC's", () => {
    expect(todayIn("America/Los_Angeles", new Date("2026-12-13T04:00:00Z"))).toBe("2026-12-12");
    expect(todayIn("UTC", new Date("2026-12-13T04:00:00Z"))).toBe("2026-12-13");
  });
});
