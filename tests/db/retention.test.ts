import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, auditLog, caseLinks, caseMessages, caseSessions, disbursements, feeRequests, organization, outbox } from "../../db/schema";
import { approveFeeRequest, createFeeRequest, endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { createCaseLink } from "../../app/modules/applicants/case-links.server";
import { createCaseSession } from "../../app/modules/applicants/case-session.server";
import { readIdentity, sealIdentity } from "../../app/modules/applicants/identity.server";
import { changeCaseContact } from "../../app/modules/applicants/email-change.server";
import { addCaseMessage, readCaseMessages } from "../../app/modules/applicants/messages.server";
import { notifyApplicant } from "../../app/modules/applicants/notify.server";
import { purgeEndedCases } from "../../app/modules/applicants/retention.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { accountBalances, verifyLedger } from "../../app/modules/ledger/totals.server";
import { saveOrganization } from "../../app/modules/organization/organization.server";
import { recordDecision, recordFiled } from "../../app/modules/uscis/status.server";
import { addDays, todayIn } from "../../app/modules/dates/dates";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";

let database: TestDatabase;
let campaignId: string;
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  staffId = (await makeUser(database.db, { role: "admin" })).id;
  campaignId = (await makeCampaign(database.db, staffId, { feeSource: "fixed", fixedFee: 49500 })).id;
});
afterAll(() => database.close());

const DAY = 24 * 60 * 60_000;

/** A case with every kind of personal data: identity, a message, a link, a session, emails. */
async function makeCase(name: string, expires: string) {
  const db = database.db;
  const request = await createFeeRequest(db, { campaignId, filingMethod: "online", dacaExpiresOn: expires, state: "IL", language: "es" });
  await sealIdentity(db, { feeRequestId: request.id, name, email: `${name.toLowerCase()}@example.org`, note: `Nota privada de ${name}` });
  await addCaseMessage(db, { feeRequestId: request.id, kind: "info_request", body: `Mensaje para ${name}`, authorUserId: staffId });
  await notifyApplicant(db, { feeRequestId: request.id, event: "received" });
  await createCaseLink(db, request.id);
  await createCaseSession(db, request.id);
  return request;
}

/** Every row of every table, as text: what a database dump would hold. */
async function everything(): Promise<string> {
  const tables = await database.db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public'`);
  const names = (Array.isArray(tables) ? tables : (tables as { rows: { tablename: string }[] }).rows).map((t) => t.tablename);
  let dump = "";
  for (const name of names) {
    const rows = await database.db.execute(sql.raw(`select row_to_json(t)::text as j from "${name}" t`));
    for (const row of Array.isArray(rows) ? rows : (rows as { rows: { j: string }[] }).rows) dump += `${(row as { j: string }).j}\n`;
  }
  return dump;
}

async function storedSecretsOf(feeRequestId: string): Promise<string[]> {
  const [identity] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, feeRequestId));
  const messages = await database.db.select().from(caseMessages).where(eq(caseMessages.feeRequestId, feeRequestId));
  const emails = await database.db.select().from(outbox).where(sql`${outbox.idempotencyKey} like ${`case/${feeRequestId}/%`}`);
  const links = await database.db.select().from(caseLinks).where(eq(caseLinks.feeRequestId, feeRequestId));
  return [
    identity!.name!,
    identity!.email!,
    identity!.note!,
    identity!.emailIndex!,
    ...messages.map((m) => m.body!),
    ...emails.flatMap((e) => [e.toAddress, String(e.props.sealed)]),
    ...links.map((l) => l.tokenHash),
  ];
}

describe("retention", () => {
  it("destroys the personal data of cases ended longer ago than the window, keeps every money record, and leaves other cases alone", async () => {
    const db = database.db;
    await saveOrganization(db, { name: "Fondo", timezone: "America/Chicago", caseRetentionDays: 30 });

    const paid = await makeCase("Paloma", "2027-01-01");
    const rejected = await makeCase("Ramiro", "2027-02-01");
    const withdrawn = await makeCase("Wendy", "2027-03-01");
    const waiting = await makeCase("Abril", "2027-04-01");
    const funded = await makeCase("Fermín", "2027-01-15");

    for (const r of [paid, waiting, funded]) await approveFeeRequest(db, { feeRequestId: r.id, actorUserId: staffId });
    await recordDonation(db, { campaignId, idempotencyKey: "retention-gift", giftCents: 99_000 });
    expect((await fundQueue(db, { campaignId })).funded).toBe(2);
    await payFee(db, {
      feeRequestId: paid.id,
      method: "paygov_online",
      paidOn: "2026-11-20",
      reference: "PAYGOV-1",
      lines: [{ form: "I-821D/I-765", amountCents: 49_500 }],
      recordedByUserId: staffId,
    });
    await endFeeRequest(db, { feeRequestId: rejected.id, outcome: "rejected", actorUserId: staffId });
    await endFeeRequest(db, { feeRequestId: withdrawn.id, outcome: "withdrawn", actorUserId: null });
    // A new address still waiting for its link is personal data too.
    expect(await changeCaseContact(db, { feeRequestId: withdrawn.id, name: "Wendy", email: "wendy.nueva@example.org", language: "es" })).toBe("confirmation_sent");
    // Consented under the old text (ADR 0022): its clock starts at payment.
    await db.update(feeRequests).set({ retentionRule: "case_end" }).where(eq(feeRequests.id, paid.id));

    const ended = [paid, rejected, withdrawn];
    const secrets = (await Promise.all(ended.map((r) => storedSecretsOf(r.id)))).flat();
    const balancesBefore = await accountBalances(db, campaignId);
    const totalsBefore = await getCampaignTotals(db, campaignId);

    // Inside the window: nothing is destroyed.
    const early = await purgeEndedCases(db, { now: new Date(Date.now() + 29 * DAY) });
    expect(early.cases).toBe(0);
    expect((await readIdentity(db, paid.id))?.name).toBe("Paloma");

    // The clock moved past the window.
    const report = await purgeEndedCases(db, { now: new Date(Date.now() + 31 * DAY) });
    expect(report.cases).toBe(3);

    const dump = await everything();
    for (const plaintext of ["Paloma", "Ramiro", "Wendy", "paloma@example.org", "Nota privada de Ramiro", "Mensaje para Wendy", "PAYGOV-1", "wendy.nueva"]) expect(dump).not.toContain(plaintext);
    // The payment itself stays (amount, form, method, date); only its reference could point to the person.
    const [payment] = await db.select().from(disbursements).where(eq(disbursements.feeRequestId, paid.id));
    expect(payment).toMatchObject({ method: "paygov_online", paidOn: "2026-11-20", reference: null });
    for (const stored of secrets) expect(dump).not.toContain(stored);
    for (const r of ended) {
      expect(await readIdentity(db, r.id)).toBeNull();
      const [identity] = await db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, r.id));
      expect(identity).toMatchObject({ name: null, email: null, note: null, aNumber: null, dateOfBirth: null, emailIndex: null, pendingEmail: null, pendingEmailTokenHash: null });
      expect(identity!.destroyedAt).not.toBeNull();
      expect((await readCaseMessages(db, r.id)).every((m) => m.body === null)).toBe(true);
      expect(await db.select().from(caseLinks).where(eq(caseLinks.feeRequestId, r.id))).toEqual([]);
      expect(await db.select().from(caseSessions).where(eq(caseSessions.feeRequestId, r.id))).toEqual([]);
      const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, r.id));
      expect(request!.reference).toBe(r.reference);
      const audit = await db.select().from(auditLog).where(eq(auditLog.subjectId, r.id));
      expect(audit.filter((a) => a.action === "case.personal_data_destroyed")).toHaveLength(1);
    }
    // Emails still waiting for a destroyed case are cancelled, not sent later.
    const cancelled = await db.select().from(outbox).where(sql`${outbox.idempotencyKey} like ${`case/${rejected.id}/%`}`);
    expect(cancelled.every((e) => e.status !== "pending" && e.toAddress === "")).toBe(true);

    // Money stays: every balance, total and payment is unchanged, and the ledger still verifies.
    expect(await accountBalances(db, campaignId)).toEqual(balancesBefore);
    expect(await getCampaignTotals(db, campaignId)).toEqual(totalsBefore);
    expect(await db.select().from(disbursements).where(eq(disbursements.feeRequestId, paid.id))).toHaveLength(1);
    expect(await verifyLedger(db)).toEqual([]);

    // Open cases keep everything.
    for (const [r, name] of [
      [waiting, "Abril"],
      [funded, "Fermín"],
    ] as const) {
      expect((await readIdentity(db, r.id))?.name).toBe(name);
      expect((await readCaseMessages(db, r.id))[0]!.body).toBe(`Mensaje para ${name}`);
      expect(await db.select().from(caseSessions).where(eq(caseSessions.feeRequestId, r.id))).toHaveLength(1);
    }

    // Running it again finds nothing more to do.
    expect((await purgeEndedCases(db, { now: new Date(Date.now() + 31 * DAY) })).cases).toBe(0);
  });

  it("follows the window the organization configured", async () => {
    const db = database.db;
    await db.update(organization).set({ caseRetentionDays: 7 });
    const r = await makeCase("Valentina", "2027-05-01");
    await endFeeRequest(db, { feeRequestId: r.id, outcome: "withdrawn", actorUserId: null });
    expect((await purgeEndedCases(db, { now: new Date(Date.now() + 6 * DAY) })).cases).toBe(0);
    const report = await purgeEndedCases(db, { now: new Date(Date.now() + 8 * DAY) });
    expect(report).toMatchObject({ retentionDays: 7, cases: 1 });
    expect(await readIdentity(db, r.id)).toBeNull();
  });

  it("an identity that cannot be decrypted never stops the money: the case is funded and paid, and nobody is emailed", async () => {
    const db = database.db;
    const own = (await makeCampaign(db, staffId, { feeSource: "fixed", fixedFee: 49500 })).id;
    const request = await createFeeRequest(db, { campaignId: own, filingMethod: "online", dacaExpiresOn: "2027-01-01", state: "TX", language: "en" });
    await sealIdentity(db, { feeRequestId: request.id, name: "Tomasa", email: "tomasa@example.org", note: null });
    await approveFeeRequest(db, { feeRequestId: request.id, actorUserId: staffId });
    // Ciphertext moved from another row: it no longer decrypts here.
    const [other] = await db.select().from(applicantIdentities).where(sql`${applicantIdentities.feeRequestId} <> ${request.id} and ${applicantIdentities.name} is not null`).limit(1);
    await db.update(applicantIdentities).set({ name: other!.name }).where(eq(applicantIdentities.feeRequestId, request.id));
    await recordDonation(db, { campaignId: own, idempotencyKey: `unreadable-${own}`, giftCents: 49_500 });
    expect((await fundQueue(db, { campaignId: own })).funded).toBe(1);
    await payFee(db, {
      feeRequestId: request.id,
      method: "g1450_card",
      paidOn: "2026-11-21",
      lines: [{ form: "I-821D/I-765", amountCents: 49_500 }],
      recordedByUserId: staffId,
    });
    const [after] = await db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(after!.status).toBe("paid");
    expect(await db.select().from(outbox).where(sql`${outbox.idempotencyKey} like ${`case/${request.id}/%`}`)).toEqual([]);
  });

  it("starts the clock when USCIS decides, or after a long silence — never at payment — and keeps old consents on the old rule", async () => {
    const db = database.db;
    await saveOrganization(db, { name: "Fondo", timezone: "America/Chicago", caseRetentionDays: 30, noNewsDays: 180 });
    const own = (await makeCampaign(db, staffId, { feeSource: "fixed", fixedFee: 49500 })).id;
    const paidCase = async (name: string) => {
      const r = await createFeeRequest(db, { campaignId: own, filingMethod: "online", dacaExpiresOn: "2027-01-01", state: "TX", language: "es" });
      await sealIdentity(db, { feeRequestId: r.id, name, email: `${name.toLowerCase()}@example.org` });
      await approveFeeRequest(db, { feeRequestId: r.id, actorUserId: staffId });
      await recordDonation(db, { campaignId: own, idempotencyKey: `clock-${r.id}`, giftCents: 49_500 });
      await fundQueue(db, { campaignId: own });
      await payFee(db, { feeRequestId: r.id, method: "g1450_card", paidOn: "2026-11-21", lines: [{ form: "I-821D", amountCents: 49_500 }], recordedByUserId: staffId });
      return r.id;
    };
    const today = todayIn("America/Chicago");
    const undecided = await paidCase("Esperanza");
    await recordFiled(db, { feeRequestId: undecided, actorUserId: staffId, filedOn: today });
    const decided = await paidCase("Dolores");
    await recordFiled(db, { feeRequestId: decided, actorUserId: staffId, filedOn: today });
    await recordDecision(db, { feeRequestId: decided, actorUserId: staffId, decidedOn: addDays(today, 9), decision: "approved" });
    const oldConsent = await paidCase("Olga");
    await db.update(feeRequests).set({ retentionRule: "case_end" }).where(eq(feeRequests.id, oldConsent));
    const silent = await paidCase("Soledad");

    // Forty days after payment: the undecided case keeps its contact data; the one USCIS decided
    // 31 days ago has none; the old consent counts from payment, as agreed.
    await purgeEndedCases(db, { now: new Date(Date.now() + 40 * DAY) });
    expect((await readIdentity(db, undecided))?.name).toBe("Esperanza");
    expect((await readIdentity(db, silent))?.name).toBe("Soledad");
    expect(await readIdentity(db, decided)).toBeNull();
    expect(await readIdentity(db, oldConsent)).toBeNull();

    // No news for 180 days after filing (or payment), then the 30-day window: the clock ran out.
    await purgeEndedCases(db, { now: new Date(Date.now() + (180 + 29) * DAY) });
    expect((await readIdentity(db, undecided))?.name).toBe("Esperanza");
    await purgeEndedCases(db, { now: new Date(Date.now() + (180 + 32) * DAY) });
    expect(await readIdentity(db, undecided)).toBeNull();
    expect(await readIdentity(db, silent)).toBeNull();
  });

  it("the audit log cannot be edited or erased, not even by retention", async () => {
    const db = database.db;
    await expect(db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect((await db.select().from(auditLog)).length).toBeGreaterThan(0);
  });
});
