import { and, eq, isNull } from "drizzle-orm";
import { applicantIdentities } from "../../../db/schema";
import type { Db } from "../db/types";
import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";
import { emailIndexOf } from "./blind-index.server";

export type Identity = {
  name: string;
  email: string;
  note: string | null;
  aNumber: string | null;
  dateOfBirth: string | null;
  /** Recorded by staff when the packet is filed; never asked of the applicant. */
  uscisReceipt: string | null;
};

type SealedColumn = keyof Identity | "pendingEmail";
const columnNames: Record<SealedColumn, string> = {
  name: "name",
  email: "email",
  note: "note",
  aNumber: "a_number",
  dateOfBirth: "date_of_birth",
  pendingEmail: "pending_email",
  uscisReceipt: "uscis_receipt",
};

/** Associated data binding a ciphertext to its row and column: a value moved elsewhere fails to decrypt. */
export const identityAad = (feeRequestId: string, column: SealedColumn) =>
  `applicant_identities:${feeRequestId}:${columnNames[column]}`;

function sealAll(feeRequestId: string, identity: Identity, pendingEmail: string | null = null) {
  const ring = getKeyRing();
  const values = { ...identity, pendingEmail };
  const seal = (column: SealedColumn) => {
    const value = values[column];
    return value === null || value === undefined ? null : encrypt(ring, value, identityAad(feeRequestId, column));
  };
  return {
    name: seal("name"),
    email: seal("email"),
    note: seal("note"),
    aNumber: seal("aNumber"),
    dateOfBirth: seal("dateOfBirth"),
    pendingEmail: seal("pendingEmail"),
    uscisReceipt: seal("uscisReceipt"),
    emailIndex: emailIndexOf(identity.email),
    keyVersion: ring.current,
  };
}

/** Stores an applicant's identifying data, every field encrypted with the newest key. */
export async function sealIdentity(
  db: Db,
  p: { feeRequestId: string; name: string; email: string; note?: string | null; aNumber?: string | null; dateOfBirth?: string | null; consentedAt?: Date },
): Promise<void> {
  const identity: Identity = { name: p.name, email: p.email, note: p.note ?? null, aNumber: p.aNumber ?? null, dateOfBirth: p.dateOfBirth ?? null, uscisReceipt: null };
  await db.insert(applicantIdentities).values({
    feeRequestId: p.feeRequestId,
    ...sealAll(p.feeRequestId, identity),
    consentedAt: p.consentedAt ?? new Date(),
  });
}

/**
 * The decrypted identity of a case, or null when there is none or retention destroyed it.
 * Throws DecryptionError when any value was tampered with or moved from another row (fail closed).
 */
export async function readIdentity(db: Db, feeRequestId: string): Promise<Identity | null> {
  return (await readSealedRow(db, feeRequestId))?.identity ?? null;
}

/** A new address waiting for its link to be opened: the address, its token's hash and its expiry. */
export type PendingEmail = { email: string; tokenHash: string; expiresAt: Date };
type SealedRow = { identity: Identity; pending: PendingEmail | null };

/** The identity and any pending new address, decrypted; `lock` holds the row until the transaction ends. */
export async function readSealedRow(db: Db, feeRequestId: string, options: { lock?: boolean } = {}): Promise<SealedRow | null> {
  const query = db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, feeRequestId));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row || row.destroyedAt || row.name === null || row.email === null) return null;
  const ring = getKeyRing();
  const open = (column: SealedColumn) => {
    const value = row[column];
    return value === null ? null : decrypt(ring, value, identityAad(feeRequestId, column));
  };
  const identity = { name: open("name")!, email: open("email")!, note: open("note"), aNumber: open("aNumber"), dateOfBirth: open("dateOfBirth"), uscisReceipt: open("uscisReceipt") };
  const pendingEmail = open("pendingEmail");
  const pending =
    pendingEmail !== null && row.pendingEmailTokenHash && row.pendingEmailExpiresAt
      ? { email: pendingEmail, tokenHash: row.pendingEmailTokenHash, expiresAt: row.pendingEmailExpiresAt }
      : null;
  return { identity, pending };
}

/** The case whose pending address this token hash confirms, if any. */
export async function caseOfPendingEmailToken(db: Db, tokenHash: string): Promise<string | null> {
  const [row] = await db
    .select({ id: applicantIdentities.feeRequestId })
    .from(applicantIdentities)
    .where(and(eq(applicantIdentities.pendingEmailTokenHash, tokenHash), isNull(applicantIdentities.destroyedAt)));
  return row?.id ?? null;
}

/**
 * Writes the identity and the pending address (or none) of a case. The whole row is sealed again
 * with the newest key so its key version stays true for every column; the blind index follows
 * the address in use, never a pending one.
 */
export async function writeSealedRow(db: Db, feeRequestId: string, row: SealedRow): Promise<void> {
  await writeSealed(db, feeRequestId, row.identity, row.pending);
}

/** Seals the USCIS receipt number into the case's identity row; false once retention destroyed it. */
export async function setUscisReceipt(db: Db, feeRequestId: string, receipt: string): Promise<boolean> {
  const current = await readIdentity(db, feeRequestId);
  if (!current) return false;
  await writeSealed(db, feeRequestId, { ...current, uscisReceipt: receipt });
  return true;
}

/** Re-encrypts a row with the newest key (key rotation). Returns false when nothing is left to re-encrypt. */
export async function resealIdentity(db: Db, feeRequestId: string): Promise<boolean> {
  const current = await readSealedRow(db, feeRequestId);
  if (!current) return false;
  await writeSealed(db, feeRequestId, current.identity, current.pending);
  return true;
}

/** Never writes into a row retention has destroyed (a purge may commit between read and write). */
async function writeSealed(db: Db, feeRequestId: string, identity: Identity, pending: PendingEmail | null = null): Promise<void> {
  await db
    .update(applicantIdentities)
    .set({
      ...sealAll(feeRequestId, identity, pending?.email ?? null),
      pendingEmailTokenHash: pending?.tokenHash ?? null,
      pendingEmailExpiresAt: pending?.expiresAt ?? null,
      updatedAt: new Date(),
    })
    .where(and(eq(applicantIdentities.feeRequestId, feeRequestId), isNull(applicantIdentities.destroyedAt)));
}
