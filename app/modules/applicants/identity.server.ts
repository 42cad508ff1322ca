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
};

type SealedColumn = keyof Identity;
const columnNames: Record<SealedColumn, string> = {
  name: "name",
  email: "email",
  note: "note",
  aNumber: "a_number",
  dateOfBirth: "date_of_birth",
};

/** Associated data binding a ciphertext to its row and column: a value moved elsewhere fails to decrypt. */
export const identityAad = (feeRequestId: string, column: SealedColumn) =>
  `applicant_identities:${feeRequestId}:${columnNames[column]}`;

function sealAll(feeRequestId: string, identity: Identity) {
  const ring = getKeyRing();
  const seal = (column: SealedColumn) => {
    const value = identity[column];
    return value === null || value === undefined ? null : encrypt(ring, value, identityAad(feeRequestId, column));
  };
  return {
    name: seal("name"),
    email: seal("email"),
    note: seal("note"),
    aNumber: seal("aNumber"),
    dateOfBirth: seal("dateOfBirth"),
    emailIndex: emailIndexOf(identity.email),
    keyVersion: ring.current,
  };
}

/** Stores an applicant's identifying data, every field encrypted with the newest key. */
export async function sealIdentity(
  db: Db,
  p: { feeRequestId: string; name: string; email: string; note?: string | null; aNumber?: string | null; dateOfBirth?: string | null; consentedAt?: Date },
): Promise<void> {
  const identity: Identity = { name: p.name, email: p.email, note: p.note ?? null, aNumber: p.aNumber ?? null, dateOfBirth: p.dateOfBirth ?? null };
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
  const [row] = await db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, feeRequestId));
  if (!row || row.destroyedAt || row.name === null || row.email === null) return null;
  const ring = getKeyRing();
  const open = (column: SealedColumn) => {
    const value = row[column];
    return value === null ? null : decrypt(ring, value, identityAad(feeRequestId, column));
  };
  return { name: open("name")!, email: open("email")!, note: open("note"), aNumber: open("aNumber"), dateOfBirth: open("dateOfBirth") };
}

/**
 * Changes how to reach the applicant. The whole row is sealed again with the newest key so its
 * key version stays true for every column; the blind index follows the new email.
 */
export async function updateContact(db: Db, p: { feeRequestId: string; name: string; email: string }): Promise<boolean> {
  const current = await readIdentity(db, p.feeRequestId);
  if (!current) return false;
  await writeSealed(db, p.feeRequestId, { ...current, name: p.name, email: p.email });
  return true;
}

/** Re-encrypts a row with the newest key (key rotation). Returns false when nothing is left to re-encrypt. */
export async function resealIdentity(db: Db, feeRequestId: string): Promise<boolean> {
  const current = await readIdentity(db, feeRequestId);
  if (!current) return false;
  await writeSealed(db, feeRequestId, current);
  return true;
}

/** Never writes into a row retention has destroyed (a purge may commit between read and write). */
async function writeSealed(db: Db, feeRequestId: string, identity: Identity): Promise<void> {
  await db
    .update(applicantIdentities)
    .set({ ...sealAll(feeRequestId, identity), updatedAt: new Date() })
    .where(and(eq(applicantIdentities.feeRequestId, feeRequestId), isNull(applicantIdentities.destroyedAt)));
}
