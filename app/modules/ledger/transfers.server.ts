import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { campaignAccounts, lockCampaigns, openOwnAccount } from "./accounts.server";
import { LedgerError, type Posted } from "./errors";
import { creditPool, mergeTotals } from "./pool";
import { bumpTotals, findPosted, once, post } from "./post.server";

/** A host pledges a match: owed to the campaign, never allocatable until paid. */
export async function recordMatchPledged(
  db: Db,
  p: { campaignId: string; fundraiserId: string; amountCents: number; idempotencyKey: string },
): Promise<Posted> {
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const receivable = await openOwnAccount(tx, { type: "match_receivable", ownerId: p.fundraiserId, campaignId: p.campaignId });
    return post(
      tx,
      { kind: "match_pledged", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, fundraiserId: p.fundraiserId },
      [
        { accountId: receivable.id, amountCents: p.amountCents, line: "match" },
        { accountId: accounts.match_pledges.id, amountCents: -p.amountCents, line: "match" },
      ],
    );
  });
}

/** The host paid (part of) its match: the receivable settles and the money enters the pool. */
export async function recordMatchPaid(
  db: Db,
  p: { campaignId: string; fundraiserId: string; amountCents: number; idempotencyKey: string },
): Promise<Posted> {
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new LedgerError("invalid_amount");
  return once(db, [p.campaignId], p.idempotencyKey, async (tx) => {
    const accounts = await campaignAccounts(tx, p.campaignId);
    const receivable = await openOwnAccount(tx, { type: "match_receivable", ownerId: p.fundraiserId, campaignId: p.campaignId });
    if (p.amountCents > receivable.balanceCents) throw new LedgerError("amount_mismatch");
    const credit = creditPool(accounts, p.amountCents, "match");
    const transactionId = await post(
      tx,
      { kind: "match_paid", idempotencyKey: p.idempotencyKey, campaignId: p.campaignId, fundraiserId: p.fundraiserId },
      [
        { accountId: receivable.id, amountCents: -p.amountCents, line: "match" },
        { accountId: accounts.match_pledges.id, amountCents: p.amountCents, line: "match" },
        { accountId: accounts.stripe_clearing.id, amountCents: -p.amountCents, line: "match" },
        ...credit.entries,
      ],
    );
    await bumpTotals(tx, p.campaignId, mergeTotals(credit.totals, { raisedCents: p.amountCents }));
    await tx.update(fundraisers).set({ matchPaidCents: sql`${fundraisers.matchPaidCents} + ${p.amountCents}` }).where(eq(fundraisers.id, p.fundraiserId));
    return transactionId;
  });
}

/** Staff move available money from one campaign's pool to another's (audited). */
export async function transferBetweenPools(
  db: Db,
  p: { fromCampaignId: string; toCampaignId: string; amountCents: number; actorUserId: string; reason: string; idempotencyKey?: string },
): Promise<Posted> {
  const idempotencyKey = p.idempotencyKey ?? `transfer:${randomUUID()}`;
  if (p.fromCampaignId === p.toCampaignId) throw new LedgerError("same_campaign");
  if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0) throw new LedgerError("invalid_amount");
  return db.transaction(async (tx) => {
    await lockCampaigns(tx, [p.fromCampaignId, p.toCampaignId]);
    const existing = await findPosted(tx, idempotencyKey);
    if (existing !== null) return { transactionId: existing, duplicate: true };
    const from = await campaignAccounts(tx, p.fromCampaignId);
    const to = await campaignAccounts(tx, p.toCampaignId);
    if (from.reserve.balanceCents < 0) throw new LedgerError("reserve_outstanding");
    if (from.campaign_pool.balanceCents < p.amountCents) throw new LedgerError("insufficient_funds");
    const credit = creditPool(to, p.amountCents, "transfer");
    const transactionId = await post(
      tx,
      { kind: "transfer", idempotencyKey, campaignId: p.fromCampaignId, createdByUserId: p.actorUserId, memo: p.reason },
      [{ accountId: from.campaign_pool.id, amountCents: -p.amountCents, line: "transfer" }, ...credit.entries],
    );
    await bumpTotals(tx, p.fromCampaignId, { poolAvailableCents: -p.amountCents });
    await bumpTotals(tx, p.toCampaignId, credit.totals);
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: "ledger.transfer",
      subjectType: "campaign",
      subjectId: p.fromCampaignId,
      details: { toCampaignId: p.toCampaignId, amountCents: p.amountCents, transactionId, reason: p.reason },
    });
    return { transactionId, duplicate: false };
  });
}
