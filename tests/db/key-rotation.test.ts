import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, caseMessages, outbox, users } from "../../db/schema";
import { createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { identityAad, readIdentity, sealIdentity } from "../../app/modules/applicants/identity.server";
import { addCaseMessage, messageAad, readCaseMessages } from "../../app/modules/applicants/messages.server";
import { notifyApplicant } from "../../app/modules/applicants/notify.server";
import { rotateKeys, type RotationProgress } from "../../app/modules/applicants/rotation.server";
import { outboxAad } from "../../app/modules/email/sealed.server";
import { decrypt, DecryptionError, keyVersionOf, parseKeyRing } from "../../app/modules/privacy/encryption.server";
import { getKeyRing } from "../../app/modules/privacy/key-ring.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";

let database: TestDatabase;
let campaignId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const admin = await makeUser(database.db, { role: "admin" });
  campaignId = (await makeCampaign(database.db, admin.id)).id;
});
afterAll(() => database.close());

async function makeCase(name: string) {
  const request = await createFeeRequest(database.db, { campaignId, filingMethod: "online", dacaExpiresOn: "2027-03-01", state: "TX", language: "es" });
  await sealIdentity(database.db, { feeRequestId: request.id, name, email: `${name.toLowerCase()}@example.org`, note: `Nota de ${name}`, aNumber: "A123456789" });
  await addCaseMessage(database.db, { feeRequestId: request.id, kind: "info_request", body: `Pregunta para ${name}`, authorUserId: null });
  return request;
}

const identityRow = async (id: string) => (await database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, id)))[0]!;

describe("ciphertext bound to its row", () => {
  it("a tampered value fails closed: the case reads as an error, never as wrong data", async () => {
    const request = await makeCase("Tamara");
    const row = await identityRow(request.id);
    const [version, iv, body] = row.name!.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[1] = bytes[1]! ^ 0x40;
    await database.db
      .update(applicantIdentities)
      .set({ name: `${version}.${iv}.${bytes.toString("base64url")}` })
      .where(eq(applicantIdentities.feeRequestId, request.id));
    await expect(readIdentity(database.db, request.id)).rejects.toThrow(DecryptionError);
  });

  it("a value moved from another case, or another column, does not decrypt", async () => {
    const a = await makeCase("Alma");
    const b = await makeCase("Bruno");
    const rowA = await identityRow(a.id);
    const rowB = await identityRow(b.id);
    await database.db.update(applicantIdentities).set({ email: rowA.email }).where(eq(applicantIdentities.feeRequestId, b.id));
    await expect(readIdentity(database.db, b.id)).rejects.toThrow(DecryptionError);
    // Same row, swapped columns: the column name is bound too.
    await database.db.update(applicantIdentities).set({ name: rowA.note, note: rowA.name }).where(eq(applicantIdentities.feeRequestId, a.id));
    await expect(readIdentity(database.db, a.id)).rejects.toThrow(DecryptionError);
    expect(rowB.email).not.toBe(rowA.email);
  });

  it("a message body moved to another message does not decrypt", async () => {
    const c = await makeCase("Carla");
    const d = await makeCase("Diego");
    const [fromC] = await database.db.select().from(caseMessages).where(eq(caseMessages.feeRequestId, c.id));
    await database.db.update(caseMessages).set({ body: fromC!.body }).where(eq(caseMessages.feeRequestId, d.id));
    await expect(readCaseMessages(database.db, d.id)).rejects.toThrow(DecryptionError);
    expect((await readCaseMessages(database.db, c.id))[0]!.body).toBe("Pregunta para Carla");
  });
});

describe("keys:rotate", () => {
  it("re-encrypts every identity, message and waiting sealed email to the newest key; every case still reads with the old key gone", async () => {
    const cases = await Promise.all(["Elena", "Fabio", "Gloria"].map(makeCase));
    await notifyApplicant(database.db, { feeRequestId: cases[0]!.id, event: "received" });
    const tampered = await makeCase("Hugo");
    const hugo = await identityRow(tampered.id);
    await database.db.update(applicantIdentities).set({ note: hugo.name }).where(eq(applicantIdentities.feeRequestId, tampered.id));

    const admin = await makeUser(database.db, { role: "admin", totp: true });
    const v1 = getKeyRing();
    const v2Key = crypto.randomBytes(32).toString("base64");
    const ring = parseKeyRing(`1:${v1.keys.get(1)!.toString("base64")},2:${v2Key}`);
    const progress: RotationProgress[] = [];
    const report = await rotateKeys(database.db, ring, (p) => progress.push(p));

    // The tampered row (and the tampered cases of the tests above) are reported by id, not skipped silently.
    expect(report.failures).toContainEqual({ table: "applicant_identities", id: tampered.id, reason: "tampered_or_moved" });
    expect(report.failures.every((f) => f.reason === "tampered_or_moved")).toBe(true);
    expect((await identityRow(tampered.id)).keyVersion).toBe(1);
    expect(report.reencrypted.applicant_identities).toBeGreaterThanOrEqual(3);
    expect(report.reencrypted.case_messages).toBeGreaterThanOrEqual(3);
    expect(report.reencrypted.outbox).toBe(1);
    // Progress reaches the total of each table.
    for (const table of ["applicant_identities", "case_messages", "outbox", "users"] as const) {
      const last = progress.filter((p) => p.table === table).at(-1)!;
      expect(last.done).toBe(last.total);
    }

    // Only the new key: every rotated case still reads, and nothing of theirs uses version 1.
    const onlyV2 = parseKeyRing(`2:${v2Key}`);
    const failed = new Set(report.failures.map((f) => f.id));
    for (const row of await database.db.select().from(applicantIdentities)) {
      if (failed.has(row.feeRequestId)) continue;
      expect(row.keyVersion).toBe(2);
      expect(keyVersionOf(row.name!)).toBe(2);
      expect(decrypt(onlyV2, row.email!, identityAad(row.feeRequestId, "email"))).toMatch(/@example\.org$/);
      if (row.aNumber) expect(decrypt(onlyV2, row.aNumber, identityAad(row.feeRequestId, "aNumber"))).toBe("A123456789");
    }
    const elena = await identityRow(cases[0]!.id);
    expect(decrypt(onlyV2, elena.name!, identityAad(elena.feeRequestId, "name"))).toBe("Elena");
    for (const message of await database.db.select().from(caseMessages)) {
      if (failed.has(message.id)) continue;
      expect(message.keyVersion).toBe(2);
      expect(decrypt(onlyV2, message.body!, messageAad(message.id))).toMatch(/^Pregunta para /);
    }
    const [email] = await database.db.select().from(outbox).where(eq(outbox.sealed, true));
    expect(decrypt(onlyV2, email!.toAddress, outboxAad(email!.id, "to_address"))).toBe("elena@example.org");
    expect(JSON.parse(decrypt(onlyV2, email!.props.sealed as string, outboxAad(email!.id, "props"))).name).toBe("Elena");

    // Staff two-step secrets share the key ring and move with it.
    const [staff] = await database.db.select().from(users).where(eq(users.id, admin.id));
    expect(decrypt(onlyV2, staff!.totpSecretEncrypted!, `users:${admin.id}:totp_secret`)).toBe(admin.totpSecret);

    // Safe to re-run: nothing left to do but the same tampered rows, still reported.
    const again = await rotateKeys(database.db, ring);
    expect(again.reencrypted).toEqual({ applicant_identities: 0, case_messages: 0, outbox: 0, users: 0 });
    expect(again.failures.map((f) => f.id).sort()).toEqual(report.failures.map((f) => f.id).sort());
  });

  it("reports a value whose key was removed from the ring instead of skipping it", async () => {
    const request = await makeCase("Inés");
    const other = parseKeyRing(`7:${crypto.randomBytes(32).toString("base64")}`);
    const report = await rotateKeys(database.db, other);
    expect(report.failures).toContainEqual({ table: "applicant_identities", id: request.id, reason: "unknown_key" });
    expect((await identityRow(request.id)).keyVersion).toBe(1);
  });
});
