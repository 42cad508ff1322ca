import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { campaignTotals, feeRequests } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { campaignAccounts, lockCampaigns, openOwnAccount } from "./accounts.server";
import { LedgerError, type Posted } from "./errors";
import { creditPool, mergeTotals } from "./pool";
import { bumpTotals, post } from "./post.server";
import { notifyApplicant, notifyApplicants } from "../applicants/notify.server";

export type AllocationResult = { funded: number; allocatedCents: number };


/**
 * Funds whole fees in queue order — most urgent DACA expiration first, then the earliest
 * approval — while the pool covers them, stopping at the first fee it cannot cover. One
 * set-based statement writes every request's balanced transaction; nothing is funded while the
 * campaign has a reserve to cover.
 */
export async function allocateWholeFees(db: Db, params: { campaignId: string; limit?: number }): Promise<AllocationResult> {
  // Nobody waiting: nothing to fund, and no need to take the campaign's lock.
  const [waiting] = await db
    .select({ n: campaignTotals.requestsWaiting })
    .from(campaignTotals)
    .where(eq(campaignTotals.campaignId, params.campaignId));
  if (waiting && waiting.n === 0) return { funded: 0, allocatedCents: 0 };
  return db.transaction(async (tx) => {
    await lockCampaigns(tx, [params.campaignId]);
    const accounts = await campaignAccounts(tx, params.campaignId);
    if (accounts.reserve.balanceCents < 0) return { funded: 0, allocatedCents: 0 };
    const available = accounts.campaign_pool.balanceCents;
    if (available <= 0) return { funded: 0, allocatedCents: 0 };
    const batch = params.limit ?? 1_000_000;
    // Queue sorting and the id lookups stay in memory even for very long queues.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const result = await tx.execute(sql`
      with queue as (
        select r.id, r.fee_cents, r.funded_at is null as first_time,
               sum(r.fee_cents) over (order by r.daca_expires_on, r.approved_at, r.id) as running
        from fee_requests r
        where r.campaign_id = ${params.campaignId} and r.status = 'approved' and r.fee_cents is not null
        order by r.daca_expires_on, r.approved_at, r.id
        limit ${batch}
      ),
      -- Ids are drawn here so that the inserts below need no joins on each other's results.
      chosen as materialized (
        select q.id, q.fee_cents, q.first_time,
               nextval(pg_get_serial_sequence('ledger_transactions', 'id')) as transaction_id,
               coalesce(existing.id, gen_random_uuid()) as account_id
        from queue q
        left join ledger_accounts existing on existing.key = 'fee_request:' || q.id
        where q.running <= ${available}
      ),
      accounts as (
        insert into ledger_accounts (id, type, key, campaign_id, fee_request_id, balance_cents)
        select c.account_id, 'fee_request', 'fee_request:' || c.id, ${params.campaignId}::uuid, c.id, c.fee_cents from chosen c
        on conflict (key) do update set balance_cents = ledger_accounts.balance_cents + excluded.balance_cents
        returning id
      ),
      txs as (
        insert into ledger_transactions (id, kind, idempotency_key, campaign_id, fee_request_id)
        select c.transaction_id, 'allocation', 'allocation:' || c.transaction_id, ${params.campaignId}::uuid, c.id from chosen c
        returning id
      ),
      entries as (
        insert into ledger_entries (transaction_id, account_id, amount_cents, line)
        select c.transaction_id, ${accounts.campaign_pool.id}::uuid, -c.fee_cents, 'allocation' from chosen c
        union all
        select c.transaction_id, c.account_id, c.fee_cents, 'allocation' from chosen c
        returning 1
      ),
      funded as (
        update fee_requests r set status = 'funded', funded_at = coalesce(r.funded_at, now()), updated_at = now()
        from chosen c where r.id = c.id
        returning r.id
      )
      select (select count(*) from funded)::int as funded,
             -- Only applicants whose identity is still kept get an email.
             (select coalesce(json_agg(f.id), '[]'::json) from funded f
               join applicant_identities a on a.fee_request_id = f.id and a.destroyed_at is null) as notify_ids,
             coalesce((select sum(fee_cents) from chosen), 0)::bigint as total,
             (select count(*) from chosen where first_time)::int as first_time,
             (select count(*) from entries)::int as entries,
             (select count(*) from txs)::int as transactions,
             (select count(*) from accounts)::int as accounts
    `);
    const [row] = rowsOf<{ funded: number | string; notify_ids: string[] | string; total: number | string; first_time: number | string }>(result);
    const funded = Number(row?.funded ?? 0);
    const total = Number(row?.total ?? 0);
    if (funded === 0) return { funded: 0, allocatedCents: 0 };
    await tx.execute(sql`update ledger_accounts set balance_cents = balance_cents - ${total} where id = ${accounts.campaign_pool.id}`);
    await bumpTotals(tx, params.campaignId, {
      poolAvailableCents: -total,
      allocatedCents: total,
      requestsWaiting: -funded,
      feesFunded: Number(row?.first_time ?? 0),
    });
    const notifyIds = typeof row?.notify_ids === "string" ? (JSON.parse(row.notify_ids) as string[]) : (row?.notify_ids ?? []);
    await notifyApplicants(tx, notifyIds, "funded");
    return { funded, allocatedCents: total };
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
    const accounts = await campaignAccounts(tx, request.campaignId);
    if (accounts.reserve.balanceCents < 0) throw new LedgerError("reserve_outstanding");
    if (accounts.campaign_pool.balanceCents < request.feeCents) throw new LedgerError("insufficient_funds");
    const own = await openOwnAccount(tx, { type: "fee_request", ownerId: request.id, campaignId: request.campaignId });
    const transactionId = await post(
      tx,
      {
        kind: "allocation",
        idempotencyKey: `allocation:${request.id}:${randomUUID()}`,
        campaignId: request.campaignId,
        feeRequestId: request.id,
        createdByUserId: params.actorUserId ?? null,
      },
      [
        { accountId: accounts.campaign_pool.id, amountCents: -request.feeCents, line: "allocation" },
        { accountId: own.id, amountCents: request.feeCents, line: "allocation" },
      ],
    );
    await tx
      .update(feeRequests)
      .set({ status: "funded", fundedAt: request.fundedAt ?? new Date(), updatedAt: new Date() })
      .where(eq(feeRequests.id, request.id));
    await bumpTotals(tx, request.campaignId, {
      poolAvailableCents: -request.feeCents,
      allocatedCents: request.feeCents,
      requestsWaiting: -1,
      feesFunded: request.fundedAt ? 0 : 1,
    });
    await notifyApplicant(tx, { feeRequestId: request.id, event: "funded" });
    return { transactionId, duplicate: false };
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
    const accounts = await campaignAccounts(tx, request.campaignId);
    const own = await openOwnAccount(tx, { type: "fee_request", ownerId: request.id, campaignId: request.campaignId });
    const credit = creditPool(accounts, own.balanceCents, "release");
    const transactionId = await post(
      tx,
      {
        kind: "release",
        idempotencyKey: `release:${request.id}:${randomUUID()}`,
        campaignId: request.campaignId,
        feeRequestId: request.id,
        createdByUserId: params.actorUserId ?? null,
        memo: params.memo ?? params.nextStatus,
      },
      [{ accountId: own.id, amountCents: -own.balanceCents, line: "release" }, ...credit.entries],
    );
    const ended = params.nextStatus !== "approved";
    await tx
      .update(feeRequests)
      .set({ status: params.nextStatus, updatedAt: new Date(), ...(ended ? { endedAt: new Date() } : {}) })
      .where(and(eq(feeRequests.id, request.id)));
    await bumpTotals(tx, request.campaignId, mergeTotals(credit.totals, { allocatedCents: -own.balanceCents, requestsWaiting: ended ? 0 : 1 }));
    return { transactionId, duplicate: false };
  });
}
