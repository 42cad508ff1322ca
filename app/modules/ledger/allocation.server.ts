import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { campaignTotals, feeRequests } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { lockCampaigns } from "./accounts.server";
import { LedgerError, type Posted } from "./errors";
import { allocation, release, repriceDown, topUp } from "./movements";
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
  // Nobody waiting and nobody short: nothing to fund, and no need to take the campaign's lock.
  const [waiting] = rowsOf<{ n: number | string; short: boolean }>(
    await db.execute(sql`
      select t.requests_waiting as n, exists (select 1 from fee_requests r where r.campaign_id = t.campaign_id and r.status = 'funded' and r.short_cents > 0) as short
      from campaign_totals t where t.campaign_id = ${params.campaignId}`),
  );
  if (waiting && Number(waiting.n) === 0 && !waiting.short) return none;
  return db.transaction(async (tx) => {
    await lockCampaigns(tx, [params.campaignId]);
    const [totals] = await tx
      .select({ pool: campaignTotals.poolAvailableCents, reserve: campaignTotals.reserveCents })
      .from(campaignTotals)
      .where(eq(campaignTotals.campaignId, params.campaignId));
    if (!totals || totals.reserve > 0 || totals.pool <= 0) return none;
    // Cases re-priced up and still short keep their place: they are topped up before anyone new is funded.
    const topped = await topUpShort(tx, params.campaignId);
    if (!topped.complete) return { ...none, allocatedCents: topped.cents };
    totals.pool -= topped.cents;
    if (totals.pool <= 0) return { ...none, allocatedCents: topped.cents };
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
    if (fundedIds.length === 0) return { ...none, allocatedCents: topped.cents };
    await tx.execute(sql`
      update fee_requests set status = 'funded', funded_at = coalesce(funded_at, now()), updated_at = now()
      where id in (select value::uuid from json_array_elements_text(${JSON.stringify(fundedIds)}::json))`);
    const allocatedCents = topped.cents + queue.filter((_, i) => posted[i]).reduce((sum, r) => sum + Number(r.fee_cents), 0);
    return { funded: fundedIds.length, allocatedCents, fundedIds };
  });
}

/** Tops up short funded requests in queue order, stopping at the first the pool cannot cover. Campaign locked by the caller. */
async function topUpShort(tx: Db, campaignId: string): Promise<{ cents: number; complete: boolean }> {
  const short = await tx
    .select({ id: feeRequests.id, shortCents: feeRequests.shortCents })
    .from(feeRequests)
    .where(and(eq(feeRequests.campaignId, campaignId), eq(feeRequests.status, "funded"), gt(feeRequests.shortCents, 0)))
    .orderBy(asc(feeRequests.dacaExpiresOn), asc(feeRequests.approvedAt), asc(feeRequests.id));
  if (short.length === 0) return { cents: 0, complete: true };
  let stopped = false;
  const movements = short.map((r) => {
    const m = topUp({ campaignId, feeRequestId: r.id, idempotencyKey: `top_up:${r.id}:${randomUUID()}`, amountCents: r.shortCents, onShort: "skip" });
    return { ...m, plan: (view: Parameters<typeof m.plan>[0]) => (stopped ? null : (m.plan(view) ?? ((stopped = true), null))) };
  });
  const posted = await postMovements(tx, movements);
  const done = short.filter((_, i) => posted[i]);
  if (done.length > 0) await tx.update(feeRequests).set({ shortCents: 0, updatedAt: new Date() }).where(inArray(feeRequests.id, done.map((r) => r.id)));
  return { cents: done.reduce((sum, r) => sum + r.shortCents, 0), complete: done.length === short.length };
}

/**
 * Re-prices a funded request at payment to `feeCents` (the schedule in force now). A higher fee
 * is topped up from the pool in queue order behind any case already short (never while a reserve
 * is owed); what the pool cannot cover yet leaves the request "funded, short". A lower fee gives
 * the difference back to the pool.
 */
export async function repriceFunded(db: Db, p: { feeRequestId: string; feeCents: number; actorUserId?: string | null }): Promise<{ shortCents: number; deltaCents: number }> {
  return db.transaction(async (tx) => {
    const request = await lockedRequest(tx, p.feeRequestId);
    if (request.status !== "funded" || !request.feeCents) throw new LedgerError("not_funded");
    const delta = p.feeCents - request.feeCents;
    if (delta === 0) return { shortCents: request.shortCents, deltaCents: 0 };
    const ref = { campaignId: request.campaignId, feeRequestId: request.id, actorUserId: p.actorUserId };
    let shortCents = request.shortCents + delta;
    if (shortCents < 0) {
      await postMovements(tx, [repriceDown({ ...ref, idempotencyKey: `reprice:${request.id}:${randomUUID()}`, amountCents: -shortCents })]);
      shortCents = 0;
    }
    await tx.update(feeRequests).set({ feeCents: p.feeCents, shortCents, updatedAt: new Date() }).where(eq(feeRequests.id, request.id));
    if (shortCents > 0) {
      const [totals] = await tx.select({ reserve: campaignTotals.reserveCents }).from(campaignTotals).where(eq(campaignTotals.campaignId, request.campaignId));
      if (totals!.reserve === 0) await topUpShort(tx, request.campaignId);
      const [after] = await tx.select({ shortCents: feeRequests.shortCents }).from(feeRequests).where(eq(feeRequests.id, request.id));
      shortCents = after!.shortCents;
    }
    return { shortCents, deltaCents: delta };
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
