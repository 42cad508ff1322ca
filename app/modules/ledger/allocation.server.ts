import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { campaignTotals, feeRequests } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { lockCampaigns } from "./accounts.server";
import { LedgerError, type Posted } from "./errors";
import { allocation, release } from "./movements";
import { postMovements } from "./post.server";

/** `fundedIds`: the requests funded now, for the caller to tell (in its own transaction). */
export type AllocationResult = { funded: number; allocatedCents: number; fundedIds: string[] };

/**
 * Funds whole fees in queue order — most urgent DACA expiration first, then the earliest
 * approval — while the pool covers them, stopping at the first fee it cannot cover (a cheaper
 * later fee never jumps the queue). Nothing is funded while the campaign has a reserve to cover.
 * Runs in the caller's transaction when given one.
 */
export async function allocateWholeFees(db: Db, params: { campaignId: string; limit?: number }): Promise<AllocationResult> {
  const none = { funded: 0, allocatedCents: 0, fundedIds: [] };
  // Nobody waiting: nothing to fund, and no need to take the campaign's lock.
  const [waiting] = await db.select({ n: campaignTotals.requestsWaiting }).from(campaignTotals).where(eq(campaignTotals.campaignId, params.campaignId));
  if (waiting && waiting.n === 0) return none;
  return db.transaction(async (tx) => {
    await lockCampaigns(tx, [params.campaignId]);
    const [totals] = await tx
      .select({ pool: campaignTotals.poolAvailableCents, reserve: campaignTotals.reserveCents })
      .from(campaignTotals)
      .where(eq(campaignTotals.campaignId, params.campaignId));
    if (!totals || totals.reserve > 0 || totals.pool <= 0) return none;
    // Only the prefix the pool can cover is read, however long the queue.
    const queue = rowsOf<{ id: string; fee_cents: number | string; first_time: boolean }>(
      await tx.execute(sql`
        select id, fee_cents, first_time from (
          select r.id, r.fee_cents, r.funded_at is null as first_time,
                 sum(r.fee_cents) over (order by r.daca_expires_on, r.approved_at, r.id) as running
          from fee_requests r
          where r.campaign_id = ${params.campaignId} and r.status = 'approved' and r.fee_cents is not null
          order by r.daca_expires_on, r.approved_at, r.id
          limit ${params.limit ?? 1_000_000}
        ) q where q.running - q.fee_cents < ${totals.pool}`),
    );
    const movements = queue.map((r) =>
      allocation({
        campaignId: params.campaignId,
        feeRequestId: r.id,
        idempotencyKey: `allocation:${r.id}:${randomUUID()}`,
        feeCents: Number(r.fee_cents),
        firstTime: r.first_time,
        onShort: "skip",
      }),
    );
    // Strict order: once one fee is not covered, no later one is funded.
    let stopped = false;
    const ordered = movements.map((m) => ({ ...m, plan: (view: Parameters<typeof m.plan>[0]) => (stopped ? null : (m.plan(view) ?? ((stopped = true), null))) }));
    const posted = await postMovements(tx, ordered);
    const fundedIds = queue.filter((_, i) => posted[i]).map((r) => r.id);
    if (fundedIds.length === 0) return none;
    await tx.execute(sql`
      update fee_requests set status = 'funded', funded_at = coalesce(funded_at, now()), updated_at = now()
      where id in (select value::uuid from json_array_elements_text(${JSON.stringify(fundedIds)}::json))`);
    const allocatedCents = queue.filter((_, i) => posted[i]).reduce((sum, r) => sum + Number(r.fee_cents), 0);
    return { funded: fundedIds.length, allocatedCents, fundedIds };
  });
}

async function lockedRequest(tx: Db, feeRequestId: string) {
  const [request] = await tx.select().from(feeRequests).where(eq(feeRequests.id, feeRequestId));
  if (!request) throw new LedgerError("not_found");
  await lockCampaigns(tx, [request.campaignId]);
  const [fresh] = await tx.select().from(feeRequests).where(eq(feeRequests.id, feeRequestId)).for("update");
  return fresh!;
}

/**
 * Staff fund one approved request by hand (out of queue order). Refused with a clear reason
 * when the pool cannot cover the whole fee or the campaign has a reserve to cover.
 */
export async function allocateFee(db: Db, params: { feeRequestId: string; actorUserId?: string | null }): Promise<Posted> {
  return db.transaction(async (tx) => {
    const request = await lockedRequest(tx, params.feeRequestId);
    if (request.status !== "approved" || !request.feeCents) throw new LedgerError("not_approved");
    const [posted] = await postMovements(tx, [
      allocation({
        campaignId: request.campaignId,
        feeRequestId: request.id,
        idempotencyKey: `allocation:${request.id}:${randomUUID()}`,
        feeCents: request.feeCents,
        firstTime: !request.fundedAt,
        actorUserId: params.actorUserId,
        onShort: "refuse",
      }),
    ]);
    await tx
      .update(feeRequests)
      .set({ status: "funded", fundedAt: request.fundedAt ?? new Date(), updatedAt: new Date() })
      .where(eq(feeRequests.id, request.id));
    return posted!;
  });
}

/**
 * Moves a funded request's money back to the pool (reserve first) and puts the request back in
 * the queue, or ends it as rejected or withdrawn.
 */
export async function releaseFee(
  db: Db,
  params: { feeRequestId: string; nextStatus: "approved" | "rejected" | "withdrawn"; actorUserId?: string | null; memo?: string },
): Promise<Posted> {
  return db.transaction(async (tx) => {
    const request = await lockedRequest(tx, params.feeRequestId);
    if (request.status !== "funded") throw new LedgerError("not_funded");
    const requeued = params.nextStatus === "approved";
    const [posted] = await postMovements(tx, [
      release({
        campaignId: request.campaignId,
        feeRequestId: request.id,
        idempotencyKey: `release:${request.id}:${randomUUID()}`,
        actorUserId: params.actorUserId,
        memo: params.memo ?? params.nextStatus,
        requeued,
      }),
    ]);
    await tx
      .update(feeRequests)
      .set({ status: params.nextStatus, updatedAt: new Date(), ...(requeued ? {} : { endedAt: new Date() }) })
      .where(eq(feeRequests.id, request.id));
    return posted!;
  });
}
