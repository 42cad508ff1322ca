import { and, desc, eq, sql } from "drizzle-orm";
import { donations, fundraisers, ledgerAccounts, ledgerEntries, ledgerTransactions, organization } from "../../../db/schema";
import { DEFAULT_TIME_ZONE, dayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { accountKey } from "./accounts.server";
import { matchPledged } from "./movements";
import { postMovements } from "./post.server";

type Pledge = {
  matchCapCents: number | null;
  matchedCents: number;
  matchStartsOn: string | null;
  matchEndsOn: string | null;
  startsOn: string;
  endsOn: string;
  status: "draft" | "submitted" | "approved" | "rejected" | "ended";
  endedAt: Date | null;
};

/**
 * What a host's 1:1 pledge adds for one gift: nothing outside its window, never past the cap, and
 * only while the page is live — a gift started before the page ended (recorded once Stripe
 * confirms it) still counts; one started after does not.
 */
export function matchFor(pledge: Pledge, giftCents: number, on: string, giftAt: Date = new Date()): number {
  const cap = pledge.matchCapCents ?? 0;
  const from = pledge.matchStartsOn ?? pledge.startsOn;
  const to = pledge.matchEndsOn ?? pledge.endsOn;
  if (cap <= 0 || on < from || on > to) return 0;
  const live = pledge.status === "approved" || (pledge.status === "ended" && pledge.endedAt !== null && giftAt < pledge.endedAt);
  if (!live) return 0;
  return Math.max(0, Math.min(giftCents, cap - pledge.matchedCents));
}

/** The match window is in the organization's days; the ledger reads the zone, not its module. */
async function organizationZone(tx: Db): Promise<string> {
  const [row] = await tx.select({ timezone: organization.timezone }).from(organization).where(eq(organization.id, 1));
  return row?.timezone ?? DEFAULT_TIME_ZONE;
}

/**
 * Accrues the host's match for a gift made through their page, in the gift's own transaction
 * (the caller holds the campaign's lock). The fundraiser row is locked too, so the cap holds
 * however many gifts arrive at once; the database's check refuses anything above it anyway.
 */
export async function accrueMatch(
  tx: Db,
  p: { campaignId: string; fundraiserId: string; giftCents: number; giftKey: string; donationId?: string | null; on?: string },
): Promise<number> {
  const [pledge] = await tx
    .select({
      matchCapCents: fundraisers.matchCapCents,
      matchedCents: fundraisers.matchedCents,
      matchStartsOn: fundraisers.matchStartsOn,
      matchEndsOn: fundraisers.matchEndsOn,
      startsOn: fundraisers.startsOn,
      endsOn: fundraisers.endsOn,
      status: fundraisers.status,
      endedAt: fundraisers.endedAt,
    })
    .from(fundraisers)
    .where(eq(fundraisers.id, p.fundraiserId))
    .for("update");
  if (!pledge) return 0;
  // A gift counts from when the donor made it (started Checkout), not when the payment landed.
  const [donation] = p.donationId ? await tx.select({ createdAt: donations.createdAt }).from(donations).where(eq(donations.id, p.donationId)) : [];
  const giftAt = donation?.createdAt ?? new Date();
  const amount = matchFor(pledge, p.giftCents, p.on ?? dayIn(giftAt, await organizationZone(tx)), giftAt);
  if (amount === 0) return 0;
  await postMovements(tx, [
    matchPledged({ campaignId: p.campaignId, fundraiserId: p.fundraiserId, donationId: p.donationId, idempotencyKey: `${p.giftKey}:match`, amountCents: amount }),
  ]);
  await tx.update(fundraisers).set({ matchedCents: sql`${fundraisers.matchedCents} + ${amount}` }).where(eq(fundraisers.id, p.fundraiserId));
  return amount;
}

/** The match still held in a fundraiser's receivable for one donation, and its first accrual. */
async function matchHeldFor(tx: Db, p: { receivableKey: string; donationId: string }) {
  const rows = await tx
    .select({
      net: sql<string>`coalesce(sum(${ledgerEntries.amountCents}), 0)`,
      accrualId: sql<string | null>`min(${ledgerTransactions.id}) filter (where ${ledgerTransactions.reversesId} is null)`,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(
      and(
        eq(ledgerAccounts.key, p.receivableKey),
        eq(ledgerTransactions.kind, "match_pledged"),
        eq(ledgerTransactions.donationId, p.donationId),
      ),
    );
  return { net: Number(rows[0]?.net ?? 0), accrualId: rows[0]?.accrualId == null ? null : Number(rows[0].accrualId) };
}

async function lockPledge(tx: Db, fundraiserId: string) {
  const [row] = await tx
    .select({ matchCapCents: fundraisers.matchCapCents, matchedCents: fundraisers.matchedCents, matchPaidCents: fundraisers.matchPaidCents })
    .from(fundraisers)
    .where(eq(fundraisers.id, fundraiserId))
    .for("update");
  return row;
}

type MatchMove = { campaignId: string; fundraiserId?: string | null; donationId?: string | null; giftCents: number; key: string };

/**
 * Part of a matched gift went back to the donor (refund) or the card network (dispute): the host no
 * longer owes a match on it. Reverses min(gift reversed, match still held for the donation, match
 * not yet paid) — a match the host has already paid stays in the pool — in the caller's
 * transaction, under the key `<movement key>:match`. Returns the amount reversed.
 */
export async function reverseMatch(tx: Db, p: MatchMove): Promise<number> {
  if (!p.fundraiserId || !p.donationId || p.giftCents <= 0) return 0;
  const pledge = await lockPledge(tx, p.fundraiserId);
  if (!pledge || pledge.matchedCents === 0) return 0;
  const held = await matchHeldFor(tx, { receivableKey: accountKey("match_receivable", p.fundraiserId), donationId: p.donationId });
  const amount = Math.min(p.giftCents, held.net, pledge.matchedCents - pledge.matchPaidCents);
  if (amount <= 0) return 0;
  await postMovements(tx, [
    matchPledged({
      campaignId: p.campaignId,
      fundraiserId: p.fundraiserId,
      donationId: p.donationId,
      idempotencyKey: `${p.key}:match`,
      amountCents: -amount,
      reversesId: held.accrualId,
      memo: "match reversed",
    }),
  ]);
  await tx.update(fundraisers).set({ matchedCents: sql`${fundraisers.matchedCents} - ${amount}` }).where(eq(fundraisers.id, p.fundraiserId));
  return amount;
}

/**
 * A dispute won: the gift counts again, and so does the match the dispute took away, within the
 * cap (other gifts may have used it meanwhile). The dispute's own reversal says how much that was.
 */
export async function restoreDisputedMatch(tx: Db, p: MatchMove): Promise<number> {
  if (!p.fundraiserId || !p.donationId || p.giftCents <= 0) return 0;
  const [dispute] = await tx
    .select({ key: ledgerTransactions.idempotencyKey })
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.kind, "dispute"), eq(ledgerTransactions.donationId, p.donationId)))
    .orderBy(desc(ledgerTransactions.id))
    .limit(1);
  if (!dispute) return 0;
  const [reversal] = await tx
    .select({ id: ledgerTransactions.id, amount: sql<string>`sum(${ledgerEntries.amountCents}) filter (where ${ledgerEntries.amountCents} > 0)` })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .where(eq(ledgerTransactions.idempotencyKey, `${dispute.key}:match`))
    .groupBy(ledgerTransactions.id);
  if (!reversal) return 0;
  const pledge = await lockPledge(tx, p.fundraiserId);
  if (!pledge) return 0;
  const amount = Math.min(p.giftCents, Number(reversal.amount), (pledge.matchCapCents ?? 0) - pledge.matchedCents);
  if (amount <= 0) return 0;
  await postMovements(tx, [
    matchPledged({
      campaignId: p.campaignId,
      fundraiserId: p.fundraiserId,
      donationId: p.donationId,
      idempotencyKey: `${p.key}:match`,
      amountCents: amount,
      reversesId: Number(reversal.id),
      memo: "match restored",
    }),
  ]);
  await tx.update(fundraisers).set({ matchedCents: sql`${fundraisers.matchedCents} + ${amount}` }).where(eq(fundraisers.id, p.fundraiserId));
  return amount;
}
