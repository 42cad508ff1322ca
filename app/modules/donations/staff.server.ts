import { randomUUID } from "node:crypto";
import { notifyProgress } from "../fundraisers/notify.server";
import { and, desc, eq, isNotNull, ne, or } from "drizzle-orm";
import { donations } from "../../../db/schema";
import type { Campaign } from "../campaigns/campaigns.server";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { fundQueue } from "../funding/funding.server";
import { recordDonation } from "../ledger/gifts.server";
import { getOrganization } from "../organization/organization.server";
import { getStripe } from "../payments/stripe.server";
import { queueReceipts } from "./receipts.server";

export async function campaignDonations(db: Db, campaignId: string) {
  return db
    .select()
    .from(donations)
    // Pending gifts are abandoned checkouts, except bank debits on their way (shown, counted nowhere).
    .where(and(eq(donations.campaignId, campaignId), or(ne(donations.status, "pending"), isNotNull(donations.awaitingFundsSince))))
    .orderBy(desc(donations.createdAt))
    .limit(500);
}

/** Bank debits on their way: the money staff may expect, which no total counts until it clears. */
export function awaitingFunds(rows: (typeof donations.$inferSelect)[]) {
  const waiting = rows.filter((d) => d.status === "pending" && d.awaitingFundsSince !== null);
  return { count: waiting.length, cents: waiting.reduce((sum, d) => sum + d.amountCents + d.feeCoverCents, 0) };
}

export class DonationActionError extends Error {
  constructor(readonly messageKey: string) {
    super(messageKey);
  }
}

/**
 * Asks Stripe to refund (part of) a gift. The ledger changes when Stripe confirms it through the
 * webhook, like any other refund; the idempotency key makes a double click one refund.
 */
export async function requestRefund(db: Db, p: { campaignId: string; donationId: string; amountCents: number | null; actorUserId: string; requestKey: string }) {
  const [donation] = await db.select().from(donations).where(and(eq(donations.id, p.donationId), eq(donations.campaignId, p.campaignId)));
  if (!donation) throw new Response("Not found", { status: 404 });
  if (donation.channel !== "stripe" || !donation.stripePaymentIntentId) throw new DonationActionError("donations.errors.notRefundable");
  const charged = donation.amountCents + donation.feeCoverCents;
  const remaining = charged - donation.refundedCents;
  const amount = p.amountCents ?? remaining;
  if (amount <= 0 || amount > remaining) throw new DonationActionError("donations.errors.refundAmount");
  await getStripe().refunds.create(
    { payment_intent: donation.stripePaymentIntentId, amount, metadata: { donation_id: donation.id } },
    { idempotencyKey: `refund:${donation.id}:${p.requestKey}` },
  );
  await recordAudit(db, { actorUserId: p.actorUserId, action: "donation.refund_requested", subjectType: "donation", subjectId: donation.id, details: { amountCents: amount } });
}

/** Cash or a check from an in-store event: recorded at once, with a receipt when an email is given. */
export async function recordOfflineGift(
  db: Db,
  p: {
    campaign: Campaign;
    amountCents: number;
    method: "cash" | "check";
    donorName: string | null;
    donorEmail: string | null;
    locale: "en" | "es";
    actorUserId: string;
    /** A gift collected at a business's fundraiser (an in-store event): it counts on that page. */
    fundraiserId?: string | null;
  },
) {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const [donation] = await tx.insert(donations).values({
      id,
      campaignId: p.campaign.id,
      fundraiserId: p.fundraiserId ?? null,
      amountCents: p.amountCents,
      channel: "offline",
      status: "succeeded",
      donorName: p.donorName,
      donorEmail: p.donorEmail,
      anonymous: p.donorName === null,
      locale: p.locale,
      succeededAt: new Date(),
    }).returning();
    await recordDonation(tx, { campaignId: p.campaign.id, idempotencyKey: `offline:${id}`, giftCents: p.amountCents, donationId: id, fundraiserId: p.fundraiserId ?? null });
    await notifyProgress(tx, p.fundraiserId);
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "donation.offline_recorded", subjectType: "donation", subjectId: id, details: { method: p.method, amountCents: p.amountCents } });
    await queueReceipts(tx, await getOrganization(tx), [donation!]);
  });
  await fundQueue(db, { campaignId: p.campaign.id });
  return id;
}
