import { and, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, feeRequests, users } from "../../../db/schema";
import type { Db } from "../db/types";

export type AuditEntry = {
  id: string;
  createdAt: Date;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** The case's public reference when the entry is about a fee request. */
  caseReference: string | null;
  actorEmail: string | null;
  details: Record<string, unknown>;
};

const PAGE_SIZE = 100;

/**
 * The audit log, newest first, for admins. Entries hold ids, actions and reasons only; the
 * actor's staff email and the case's reference are joined in for reading.
 */
export async function listAuditEntries(
  db: Db,
  filter: { caseReference?: string; before?: Date; limit?: number } = {},
): Promise<{ entries: AuditEntry[]; caseFound: boolean; nextBefore: Date | null }> {
  const conditions: SQL[] = [];
  const caseFound = true;
  if (filter.caseReference) {
    const [request] = await db
      .select({ id: feeRequests.id })
      .from(feeRequests)
      .where(eq(feeRequests.reference, filter.caseReference.trim().toUpperCase()));
    if (!request) return { entries: [], caseFound: false, nextBefore: null };
    conditions.push(eq(auditLog.subjectId, request.id));
  }
  if (filter.before) conditions.push(lt(auditLog.createdAt, filter.before));
  const limit = filter.limit ?? PAGE_SIZE;
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      details: auditLog.details,
      actorEmail: users.email,
      caseReference: feeRequests.reference,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(
      feeRequests,
and(eq(auditLog.subjectType, "fee_request"), sql`${feeRequests.id}::text = ${auditLog.subjectId}`),
    )
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, caseFound, nextBefore: rows.length > limit ? entries[entries.length - 1]!.createdAt : null };
}
