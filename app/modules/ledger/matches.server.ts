import { eq, sql } from "drizzle-orm";
import { fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import { campaignAccounts, openOwnAccount } from "./accounts.server";
import { post } from "./post.server";

/** What a host's 1:1 pledge adds for one gift: nothing outside its window, never past the cap. */
export function matchFor(
  pledge: { matchCapCents: number | null; matchedCents: number; matchStartsOn: string | null; matchEndsOn: string | null; startsOn: string; endsOn: string },
  giftCents: number,
  on: string,
): number {
  const cap = pledge.matchCapCents ?? 0;
  const from = pledge.matchStartsOn ?? pledge.startsOn;
  const to = pledge.matchEndsOn ?? pledge.endsOn;
  if (cap <= 0 || on < from || on > to) return 0;
  return Math.max(0, Math.min(giftCents, cap - pledge.matchedCents));
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
    })
    .from(fundraisers)
    .where(eq(fundraisers.id, p.fundraiserId))
    .for("update");
  if (!pledge) return 0;
  const amount = matchFor(pledge, p.giftCents, p.on ?? new Date().toISOString().slice(0, 10));
  if (amount === 0) return 0;
  const accounts = await campaignAccounts(tx, p.campaignId);
  const receivable = await openOwnAccount(tx, { type: "match_receivable", ownerId: p.fundraiserId, campaignId: p.campaignId });
  await post(
    tx,
    { kind: "match_pledged", idempotencyKey: `${p.giftKey}:match`, campaignId: p.campaignId, fundraiserId: p.fundraiserId, donationId: p.donationId },
    [
      { accountId: receivable.id, amountCents: amount, line: "match" },
      { accountId: accounts.match_pledges.id, amountCents: -amount, line: "match" },
    ],
  );
  await tx.update(fundraisers).set({ matchedCents: sql`${fundraisers.matchedCents} + ${amount}` }).where(eq(fundraisers.id, p.fundraiserId));
  return amount;
}
