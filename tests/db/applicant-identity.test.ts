import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, caseLinks, caseMessages, caseSessions, feeRequests, outbox } from "../../db/schema";
import { consumeCaseLink, createCaseLink } from "../../app/modules/applicants/case-links.server";
import { createCaseSession, deleteExpiredCaseAccess, validateCaseSession } from "../../app/modules/applicants/case-session.server";
import { createFeeRequest, approveFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { emailIndexOf } from "../../app/modules/applicants/blind-index.server";
import { readIdentity, readSealedRow, sealIdentity, writeSealedRow } from "../../app/modules/applicants/identity.server";
import { addCaseMessage, readCaseMessages } from "../../app/modules/applicants/messages.server";
import { notifyApplicant } from "../../app/modules/applicants/notify.server";
import { DecryptionError } from "../../app/modules/privacy/encryption.server";
import { sendPendingEmails } from "../../app/modules/email/sender.server";
import { openOutboxRow } from "../../app/modules/email/sealed.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { startFakeResend } from "../../server/fakes/resend";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";

let database: TestDatabase;
let campaignId: string;
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  staffId = (await makeUser(database.db, { role: "admin" })).id;
  campaignId = (await makeCampaign(database.db, staffId)).id;
});
afterAll(() => database.close());

const canary = { name: "Zyxwvut Canaryname", email: "zyxwvut.canary@example.net", note: "Canarynote qwertzuiop" };

async function newCase(values: Partial<typeof canary> & { aNumber?: string } = {}) {
  const request = await createFeeRequest(database.db, { campaignId, filingMethod: "online", dacaExpiresOn: "2027-01-15", state: "CA", language: "es" });
  await sealIdentity(database.db, { feeRequestId: request.id, ...canary, ...values });
  return request;
}

/** Every column of every row of a table, as text, for plaintext searches. */
async function tableText(table: string): Promise<string> {
  const result = await database.db.execute(sql.raw(`select t::text as row from ${table} t`));
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { row: string }[];
  return rows.map((r) => r.row).join("\n");
}

describe("applicant identities are encrypted at rest", () => {
  it("stores only ciphertext and a keyed hash, and reads back what was given", async () => {
    const request = await newCase({ aNumber: "A123456789" });
    const stored = await tableText("applicant_identities");
    for (const value of [canary.name, canary.email, canary.note, "123456789", "canary"]) expect(stored.toLowerCase()).not.toContain(value.toLowerCase());
    const [row] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, request.id));
    expect(row!.name).toMatch(/^v1\./);
    expect(row!.keyVersion).toBe(1);
    expect(row!.emailIndex).toBe(emailIndexOf(canary.email));
    expect(await readIdentity(database.db, request.id)).toEqual({ ...canary, aNumber: "A123456789", dateOfBirth: null, uscisReceipt: null });
  });

  it("finds the same blind index however the email is typed, and a different one for another email", () => {
    expect(emailIndexOf("  Zyxwvut.Canary@EXAMPLE.net ")).toBe(emailIndexOf(canary.email));
    expect(emailIndexOf("other@example.net")).not.toBe(emailIndexOf(canary.email));
    expect(emailIndexOf(canary.email)).not.toContain("canary");
  });

  it("fails closed when a ciphertext is tampered with", async () => {
    const request = await newCase();
    const [row] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, request.id));
    // One bit of the ciphertext body flipped (text edits at the end could touch only base64 padding).
    const [version, iv, body] = row!.name!.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    const flipped = `${version}.${iv}.${bytes.toString("base64url")}`;
    await database.db.update(applicantIdentities).set({ name: flipped }).where(eq(applicantIdentities.feeRequestId, request.id));
    await expect(readIdentity(database.db, request.id)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("fails closed when a ciphertext is moved to another row or column", async () => {
    const a = await newCase({ name: "Alpha Person" });
    const b = await newCase({ name: "Bravo Person", email: "bravo@example.net" });
    const [rowA] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, a.id));
    await database.db.update(applicantIdentities).set({ name: rowA!.name }).where(eq(applicantIdentities.feeRequestId, b.id));
    await expect(readIdentity(database.db, b.id)).rejects.toBeInstanceOf(DecryptionError);
    await database.db.update(applicantIdentities).set({ note: rowA!.name }).where(eq(applicantIdentities.feeRequestId, a.id));
    await expect(readIdentity(database.db, a.id)).rejects.toBeInstanceOf(DecryptionError);
  });

  it("keeps a pending new address sealed and unindexed, and indexes the address in use", async () => {
    const request = await newCase();
    const current = (await readSealedRow(database.db, request.id))!;
    const pending = { email: "pending.canary@example.net", tokenHash: "hash-of-a-token", expiresAt: new Date(Date.now() + 3_600_000) };
    await writeSealedRow(database.db, request.id, { identity: { ...current.identity, name: "New Name" }, pending });
    expect(await tableText("applicant_identities")).not.toContain("pending.canary");
    expect(await readSealedRow(database.db, request.id)).toMatchObject({ identity: { name: "New Name", email: current.identity.email }, pending });
    let [row] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, request.id));
    expect(row!.emailIndex).toBe(emailIndexOf(current.identity.email));

    await writeSealedRow(database.db, request.id, { identity: { ...current.identity, email: pending.email }, pending: null });
    expect(await readIdentity(database.db, request.id)).toMatchObject({ email: pending.email, note: canary.note });
    [row] = await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, request.id));
    expect(row).toMatchObject({ emailIndex: emailIndexOf(pending.email), pendingEmail: null, pendingEmailTokenHash: null, pendingEmailExpiresAt: null });
  });

  it("keeps case messages encrypted and bound to their row", async () => {
    const request = await newCase();
    const first = await addCaseMessage(database.db, { feeRequestId: request.id, kind: "info_request", body: "Canarymessage: please confirm your state", authorUserId: staffId });
    const second = await addCaseMessage(database.db, { feeRequestId: request.id, kind: "applicant_reply", body: "Yes, California", authorUserId: null });
    expect(await tableText("case_messages")).not.toContain("Canarymessage");
    expect((await readCaseMessages(database.db, request.id)).map((m) => m.body)).toEqual(["Canarymessage: please confirm your state", "Yes, California"]);
    const [row] = await database.db.select().from(caseMessages).where(eq(caseMessages.id, first));
    await database.db.update(caseMessages).set({ body: row!.body }).where(eq(caseMessages.id, second));
    await expect(readCaseMessages(database.db, request.id)).rejects.toBeInstanceOf(DecryptionError);
  });
});

describe("emails to applicants are sealed in the outbox and erased once sent", () => {
  it("seals address and body, sends them through Resend in the applicant's language with a neutral subject, then erases them", async () => {
    const request = await newCase({ email: "sealed.canary@example.net" });
    const id = (await notifyApplicant(database.db, { feeRequestId: request.id, event: "received" }))!;
    const [queued] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(queued!.sealed).toBe(true);
    expect(queued!.idempotencyKey).toBe(`case/${request.id}/received`);
    const text = JSON.stringify(queued);
    for (const value of ["sealed.canary", canary.name, request.reference]) expect(text).not.toContain(value);
    expect(openOutboxRow(queued!).toAddress).toBe("sealed.canary@example.net");

    const resend = await startFakeResend();
    try {
      const summary = await sendPendingEmails(database.db, { resend: { apiKey: "re_test", from: "Fondo <f@example.org>", baseUrl: resend.url }, now: new Date(Date.now() + 1000) });
      expect(summary.sent).toBeGreaterThanOrEqual(1);
      const delivered = resend.emails.find((e) => e.to.includes("sealed.canary@example.net"))!;
      expect(delivered.subject).not.toMatch(/daca|uscis|immigra|inmigra|renova|fee|cuota/i);
      expect(delivered.text!.toLowerCase()).toContain(canary.name.toLowerCase());
      expect(delivered.text).toContain(request.reference);
      expect(delivered.text).toMatch(/\/case\/[a-z2-7]+/);
      expect(delivered.text).toContain("Gracias por su solicitud");
    } finally {
      await resend.stop();
    }
    const [sent] = await database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(sent!.status).toBe("sent");
    expect(sent!.toAddress).toBe("");
    expect(sent!.props).toEqual({});
  });

  it("refuses to send a sealed row moved from another row, and erases it", async () => {
    const a = await newCase({ email: "moved.a@example.net" });
    const b = await newCase({ email: "moved.b@example.net" });
    const idA = (await notifyApplicant(database.db, { feeRequestId: a.id, event: "received" }))!;
    const idB = (await notifyApplicant(database.db, { feeRequestId: b.id, event: "received" }))!;
    const [rowA] = await database.db.select().from(outbox).where(eq(outbox.id, idA));
    await database.db.update(outbox).set({ toAddress: rowA!.toAddress }).where(eq(outbox.id, idB));
    const resend = await startFakeResend();
    try {
      await sendPendingEmails(database.db, { resend: { apiKey: "re_test", from: "Fondo <f@example.org>", baseUrl: resend.url }, now: new Date(Date.now() + 1000), limit: 50 });
      expect(resend.emails.filter((e) => e.to.includes("moved.a@example.net"))).toHaveLength(1);
    } finally {
      await resend.stop();
    }
    const [rowB] = await database.db.select().from(outbox).where(eq(outbox.id, idB));
    expect(rowB).toMatchObject({ status: "failed", lastError: "decrypt_error", toAddress: "", props: {} });
  });

  it("emails a one-time event once, and a repeatable one each time", async () => {
    const request = await newCase();
    expect(await notifyApplicant(database.db, { feeRequestId: request.id, event: "in_review" })).not.toBeNull();
    expect(await notifyApplicant(database.db, { feeRequestId: request.id, event: "in_review" })).toBeNull();
    await notifyApplicant(database.db, { feeRequestId: request.id, event: "info_requested", message: "one" });
    await notifyApplicant(database.db, { feeRequestId: request.id, event: "info_requested", message: "two" });
    const keys = (await database.db.select({ key: outbox.idempotencyKey }).from(outbox)).map((r) => r.key).filter((k) => k.startsWith(`case/${request.id}/`));
    expect(keys.sort()).toEqual([`case/${request.id}/in_review`, `case/${request.id}/info_requested/1`, `case/${request.id}/info_requested/2`]);
  });

  it("tells the applicant when automatic allocation funds their fee and when it is paid to USCIS, with how it was paid", async () => {
    const campaign = await makeCampaign(database.db, staffId);
    const request = await createFeeRequest(database.db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: "2027-01-15", state: "TX", language: "en" });
    await sealIdentity(database.db, { feeRequestId: request.id, name: "Funded Person", email: "funded@example.net" });
    const anonymous = await createFeeRequest(database.db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: "2027-01-16", state: "TX", language: "en" });
    await approveFeeRequest(database.db, { feeRequestId: request.id, actorUserId: staffId });
    await approveFeeRequest(database.db, { feeRequestId: anonymous.id, actorUserId: staffId });
    await recordDonation(database.db, { campaignId: campaign.id, idempotencyKey: "ch_identity_1", giftCents: 99_000 });
    const result = await fundQueue(database.db, { campaignId: campaign.id });
    expect(result.funded).toBe(2);
    const emailsOf = async (id: string) =>
      (await database.db.select().from(outbox).where(sql`${outbox.idempotencyKey} like ${`case/${id}/%`}`)).map((r) => ({ key: r.idempotencyKey, props: openOutboxRow(r).props }));
    expect((await emailsOf(request.id)).map((e) => e.key)).toEqual([`case/${request.id}/funded/1`]);
    expect(await emailsOf(anonymous.id)).toEqual([]);
    await payFee(database.db, {
      feeRequestId: request.id,
      method: "paygov_online",
      paidOn: "2026-02-01",
      lines: [{ form: "I-821D+I-765", amountCents: 49_500 }],
      recordedByUserId: staffId,
    });
    const paid = (await emailsOf(request.id)).find((e) => e.key === `case/${request.id}/paid`)!;
    expect(paid.props).toMatchObject({ event: "paid", paymentMethod: "paygov_online", paidOn: "2026-02-01" });
    const [after] = await database.db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(after!.status).toBe("paid");
  });
});

describe("case links and sessions", () => {
  it("housekeeping removes expired sessions and stale links, and keeps live ones", async () => {
    const request = await newCase();
    const longAgo = new Date(Date.now() - 5 * 86_400_000);
    await createCaseLink(database.db, request.id, longAgo);
    const used = await createCaseLink(database.db, request.id, longAgo);
    expect(await consumeCaseLink(database.db, used, longAgo)).toBe(request.id);
    const live = await createCaseLink(database.db, request.id);
    const old = await createCaseSession(database.db, request.id, longAgo);
    const fresh = await createCaseSession(database.db, request.id);
    await deleteExpiredCaseAccess(database.db);
    const links = await database.db.select().from(caseLinks).where(eq(caseLinks.feeRequestId, request.id));
    expect(links).toHaveLength(1);
    expect(await consumeCaseLink(database.db, live)).toBe(request.id);
    expect(await database.db.select().from(caseSessions).where(eq(caseSessions.feeRequestId, request.id))).toHaveLength(1);
    expect(await validateCaseSession(database.db, old.token)).toBeNull();
    expect(await validateCaseSession(database.db, fresh.token)).toMatchObject({ feeRequestId: request.id });
  });
});
