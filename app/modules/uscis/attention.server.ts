import { and, asc, eq, isNull, lt } from "drizzle-orm";
import { feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { getOrganization } from "../organization/organization.server";

export type AttentionItem = { id: string; reference: string; since: string };
export type NeedsAttention = { evidenceDue: AttentionItem[]; paidNotFiled: AttentionItem[]; fundedNotPaid: AttentionItem[]; paidNotFiledDays: number; fundedNotPaidDays: number };

const DAY_MS = 86_400_000;
const LIMIT = 100;

/**
 * What staff should act on first: evidence deadlines (soonest first), cases paid but not recorded
 * as filed after the organization's number of days, and cases funded but not paid after theirs.
 * References and dates only: no personal data.
 */
export async function needsAttention(db: Db, options: { now?: Date } = {}): Promise<NeedsAttention> {
  const now = options.now ?? new Date();
  const org = await getOrganization(db);
  const pick = { id: feeRequests.id, reference: feeRequests.reference };
  const evidence = await db
    .select({ ...pick, since: feeRequests.evidenceDueOn })
    .from(feeRequests)
    .where(eq(feeRequests.uscisStatus, "evidence_requested"))
    .orderBy(asc(feeRequests.evidenceDueOn))
    .limit(LIMIT);
  const paid = await db
    .select({ ...pick, since: feeRequests.paidAt })
    .from(feeRequests)
    .where(and(eq(feeRequests.status, "paid"), isNull(feeRequests.uscisStatus), lt(feeRequests.paidAt, new Date(now.getTime() - org.paidNotFiledDays * DAY_MS))))
    .orderBy(asc(feeRequests.paidAt))
    .limit(LIMIT);
  const funded = await db
    .select({ ...pick, since: feeRequests.fundedAt })
    .from(feeRequests)
    .where(and(eq(feeRequests.status, "funded"), lt(feeRequests.fundedAt, new Date(now.getTime() - org.fundedNotPaidDays * DAY_MS))))
    .orderBy(asc(feeRequests.fundedAt))
    .limit(LIMIT);
  const instant = (r: { id: string; reference: string; since: Date | null }) => ({ id: r.id, reference: r.reference, since: r.since!.toISOString() });
  return {
    evidenceDue: evidence.map((r) => ({ id: r.id, reference: r.reference, since: r.since! })),
    paidNotFiled: paid.map(instant),
    fundedNotPaid: funded.map(instant),
    paidNotFiledDays: org.paidNotFiledDays,
    fundedNotPaidDays: org.fundedNotPaidDays,
  };
}
