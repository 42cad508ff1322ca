import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { caseMessages } from "../../../db/schema";
import type { Db } from "../db/types";
import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";

export type CaseMessageKind = (typeof caseMessages.$inferSelect)["kind"];
export type CaseMessage = { id: string; kind: CaseMessageKind; body: string | null; authorUserId: string | null; createdAt: Date };

export const messageAad = (messageId: string) => `case_messages:${messageId}:body`;

/** Stores a message of a case (information request, rejection reason), its body encrypted. */
export async function addCaseMessage(
  db: Db,
  p: { feeRequestId: string; kind: CaseMessageKind; body: string; authorUserId: string | null },
): Promise<string> {
  const id = randomUUID();
  const ring = getKeyRing();
  await db.insert(caseMessages).values({
    id,
    feeRequestId: p.feeRequestId,
    kind: p.kind,
    body: encrypt(ring, p.body, messageAad(id)),
    keyVersion: ring.current,
    authorUserId: p.authorUserId,
  });
  return id;
}

/**
 * A case's messages, oldest first; `body` is null once retention destroyed it. Throws
 * DecryptionError when a body was tampered with or moved from another message (fail closed).
 */
export async function readCaseMessages(db: Db, feeRequestId: string): Promise<CaseMessage[]> {
  const rows = await db.select().from(caseMessages).where(eq(caseMessages.feeRequestId, feeRequestId)).orderBy(asc(caseMessages.createdAt), asc(caseMessages.id));
  const ring = getKeyRing();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    body: row.body === null ? null : decrypt(ring, row.body, messageAad(row.id)),
    authorUserId: row.authorUserId,
    createdAt: row.createdAt,
  }));
}

/** Re-encrypts one message with the newest key (key rotation). */
export async function resealCaseMessage(db: Db, messageId: string): Promise<boolean> {
  const [row] = await db.select().from(caseMessages).where(eq(caseMessages.id, messageId));
  if (!row || row.body === null) return false;
  const ring = getKeyRing();
  const body = encrypt(ring, decrypt(ring, row.body, messageAad(row.id)), messageAad(row.id));
  await db.update(caseMessages).set({ body, keyVersion: ring.current }).where(eq(caseMessages.id, row.id));
  return true;
}
