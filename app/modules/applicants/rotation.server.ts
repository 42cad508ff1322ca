import { and, asc, eq, gt, isNotNull, isNull, lt, notLike, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { applicantIdentities, caseMessages, outbox, users } from "../../../db/schema";
import type { Db } from "../db/types";
import { decrypt, DecryptionError, encrypt, keyVersionOf, type KeyRing } from "../privacy/encryption.server";
import { identityAad } from "./identity.server";
import { outboxAad } from "../email/sealed.server";
import { messageAad } from "./messages.server";

export type RotationTable = "applicant_identities" | "case_messages" | "outbox" | "users";
export type RotationProgress = { table: RotationTable; done: number; total: number };
/** A value that would not decrypt: reported by row id (never its content) and left as it is. */
export type RotationFailure = { table: RotationTable; id: string; reason: "tampered_or_moved" | "unknown_key" };
export type RotationReport = {
  keyVersion: number;
  reencrypted: Record<RotationTable, number>;
  failures: RotationFailure[];
};

const BATCH = 200;

/**
 * Re-encrypts every applicant identity, case message, sealed outbox row and staff two-step
 * secret that uses an older key to the ring's newest key (`keys:rotate`). Rows are handled in batches of BATCH, one short
 * transaction per row with the row locked, so it is safe to re-run or to run beside the app:
 * rows already on the newest key are left alone. A value that does not decrypt (tampered, moved
 * from another row, or its key removed from the ring) fails closed: it is reported and the row
 * keeps its old ciphertext, so the operator can investigate.
 */
export async function rotateKeys(
  db: Db,
  ring: KeyRing,
  onProgress: (progress: RotationProgress) => void = () => {},
): Promise<RotationReport> {
  const report: RotationReport = {
    keyVersion: ring.current,
    reencrypted: { applicant_identities: 0, case_messages: 0, outbox: 0, users: 0 },
    failures: [],
  };
  // Each table: its rows still on an older key, visited in id order, and how one is resealed.
  const tasks: { table: RotationTable; rows: PgTable; id: AnyPgColumn; stale: SQL | undefined; reseal: (tx: Db, id: string) => Promise<boolean> }[] = [
    { table: "applicant_identities", rows: applicantIdentities, id: applicantIdentities.feeRequestId, stale: staleIdentity(ring), reseal: (tx, id) => resealIdentityRow(tx, ring, id) },
    { table: "case_messages", rows: caseMessages, id: caseMessages.id, stale: staleMessage(ring), reseal: (tx, id) => resealMessageRow(tx, ring, id) },
    // Sealed rows carry their key version inside each value; every unsent one is checked.
    { table: "outbox", rows: outbox, id: outbox.id, stale: sealedUnsent(), reseal: (tx, id) => resealOutboxRow(tx, ring, id) },
    // Staff two-step secrets use the same key ring: rotated too, so the old key can be retired.
    { table: "users", rows: users, id: users.id, stale: staleTotp(ring), reseal: (tx, id) => resealTotpSecret(tx, ring, id) },
  ];
  const page = async (task: (typeof tasks)[number], after: string): Promise<string[]> =>
    (await db.select({ id: task.id }).from(task.rows).where(and(task.stale, gt(task.id, after))).orderBy(asc(task.id)).limit(BATCH)).map((r) => String(r.id));

  for (const task of tasks) {
    const total = await db.$count(task.rows, task.stale);
    let done = 0;
    let after = "00000000-0000-0000-0000-000000000000";
    onProgress({ table: task.table, done, total });
    for (;;) {
      const ids = await page(task, after);
      if (ids.length === 0) break;
      for (const id of ids) {
        try {
          if (await db.transaction((tx) => task.reseal(tx, id))) report.reencrypted[task.table] += 1;
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          report.failures.push({ table: task.table, id, reason: error instanceof UnknownKeyError ? "unknown_key" : "tampered_or_moved" });
        }
        done += 1;
      }
      after = ids[ids.length - 1]!;
      onProgress({ table: task.table, done, total });
    }
  }
  return report;
}

class UnknownKeyError extends DecryptionError {}

const staleIdentity = (ring: KeyRing) => and(lt(applicantIdentities.keyVersion, ring.current), isNull(applicantIdentities.destroyedAt));
const staleMessage = (ring: KeyRing) => and(lt(caseMessages.keyVersion, ring.current), isNotNull(caseMessages.body));
const staleTotp = (ring: KeyRing) => and(isNotNull(users.totpSecretEncrypted), notLike(users.totpSecretEncrypted, `v${ring.current}.%`));
const sealedUnsent = () => and(eq(outbox.sealed, true), eq(outbox.status, "pending"));

/** Decrypts with the ring, telling a missing key apart from a value that fails authentication. */
function open(ring: KeyRing, value: string, aad: string): string {
  const version = keyVersionOf(value);
  if (version !== null && !ring.keys.has(version)) throw new UnknownKeyError();
  return decrypt(ring, value, aad);
}

function reseal(ring: KeyRing, value: string | null, aad: string): string | null {
  return value === null ? null : encrypt(ring, open(ring, value, aad), aad);
}

const identityColumns = ["name", "email", "note", "aNumber", "dateOfBirth", "pendingEmail"] as const;

async function resealIdentityRow(tx: Db, ring: KeyRing, feeRequestId: string): Promise<boolean> {
  const [row] = await tx
    .select()
    .from(applicantIdentities)
    .where(and(eq(applicantIdentities.feeRequestId, feeRequestId), staleIdentity(ring)))
    .for("update");
  if (!row) return false;
  // Every column is decrypted before anything is written: one bad value leaves the row untouched.
  const values = Object.fromEntries(identityColumns.map((column) => [column, reseal(ring, row[column], identityAad(feeRequestId, column))]));
  await tx
    .update(applicantIdentities)
    .set({ ...values, keyVersion: ring.current, updatedAt: new Date() })
    .where(eq(applicantIdentities.feeRequestId, feeRequestId));
  return true;
}

async function resealMessageRow(tx: Db, ring: KeyRing, messageId: string): Promise<boolean> {
  const [row] = await tx.select().from(caseMessages).where(and(eq(caseMessages.id, messageId), staleMessage(ring))).for("update");
  if (!row) return false;
  await tx
    .update(caseMessages)
    .set({ body: reseal(ring, row.body, messageAad(messageId)), keyVersion: ring.current })
    .where(eq(caseMessages.id, messageId));
  return true;
}

async function resealOutboxRow(tx: Db, ring: KeyRing, outboxId: string): Promise<boolean> {
  const [row] = await tx.select().from(outbox).where(and(eq(outbox.id, outboxId), sealedUnsent())).for("update");
  if (!row) return false;
  const columns = sealedOutboxColumns(row);
  if (columns.every((c) => c.value === null || keyVersionOf(c.value) === ring.current)) return false;
  const resealed = columns.map((c) => ({ ...c, value: reseal(ring, c.value, c.aad) }));
  await tx.update(outbox).set(sealedOutboxUpdate(row, resealed)).where(eq(outbox.id, outboxId));
  return true;
}

// The associated data of app/modules/auth/two-factor.server.ts.
const totpAad = (userId: string) => `users:${userId}:totp_secret`;

async function resealTotpSecret(tx: Db, ring: KeyRing, userId: string): Promise<boolean> {
  const [row] = await tx.select({ secret: users.totpSecretEncrypted }).from(users).where(and(eq(users.id, userId), staleTotp(ring))).for("update");
  if (!row?.secret) return false;
  await tx
    .update(users)
    .set({ totpSecretEncrypted: reseal(ring, row.secret, totpAad(userId)) })
    .where(eq(users.id, userId));
  return true;
}

type OutboxRow = typeof outbox.$inferSelect;
type SealedColumn = { column: "to_address" | "props"; value: string | null; aad: string };

/** The ciphertexts of a sealed outbox row: its address, and its props under `sealed`. */
function sealedOutboxColumns(row: OutboxRow): SealedColumn[] {
  const props = typeof row.props.sealed === "string" ? row.props.sealed : null;
  return [
    { column: "to_address", value: row.toAddress || null, aad: outboxAad(row.id, "to_address") },
    { column: "props", value: props, aad: outboxAad(row.id, "props") },
  ];
}

function sealedOutboxUpdate(row: OutboxRow, columns: SealedColumn[]): Partial<OutboxRow> {
  const address = columns.find((c) => c.column === "to_address")!.value;
  const props = columns.find((c) => c.column === "props")!.value;
  return { toAddress: address ?? row.toAddress, props: props === null ? row.props : { ...row.props, sealed: props } };
}
