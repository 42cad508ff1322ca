import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";

type QueuedRequest = Pick<typeof feeRequests.$inferSelect, "id" | "campaignId" | "status" | "dacaExpiresOn" | "approvedAt">;

/** Place in the allocation queue (1 = funded next), in the allocation's own order; null unless approved. */
export async function queuePosition(db: Db, r: QueuedRequest): Promise<number | null> {
  if (r.status !== "approved" || !r.approvedAt) return null;
  const [row] = await db
    .select({ ahead: sql<number>`count(*)::int` })
    .from(feeRequests)
    .where(
      and(
        eq(feeRequests.campaignId, r.campaignId),
        eq(feeRequests.status, "approved"),
        sql`(${feeRequests.dacaExpiresOn}, ${feeRequests.approvedAt}, ${feeRequests.id}) < (${r.dacaExpiresOn}::date, ${r.approvedAt.toISOString()}::timestamptz, ${r.id}::uuid)`,
      ),
    );
  return Number(row?.ahead ?? 0) + 1;
}

/** How and when the fee was paid to USCIS (the payment that was not sent back). */
export async function latestPayment(db: Db, feeRequestId: string): Promise<{ method: string; paidOn: string } | null> {
  const [row] = await db
    .select({ method: disbursements.method, paidOn: disbursements.paidOn })
    .from(disbursements)
    .where(and(eq(disbursements.feeRequestId, feeRequestId), isNull(disbursements.returnedAt)))
    .orderBy(desc(disbursements.createdAt))
    .limit(1);
  return row ?? null;
}
