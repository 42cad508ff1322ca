import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { donations } from "../../../db/schema";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { fundQueue } from "../funding/funding.server";
import { recordDisputeLost, recordDisputeOpened, recordDisputeWon, recordGifts, recordProcessingFee, recordRefund } from "../ledger/gifts.server";
import { todayIn } from "../dates/dates";
import { getOrganization } from "../organization/organization.server";
import { getStripe } from "../payments/stripe.server";
import { syncMatchPayment } from "../fundraisers/match.server";
import { notifyProgress } from "../fundraisers/notify.server";
import { recordSucceededGifts } from "./gifts.server";
import { receiptManageUrl } from "./manage.server";
import { queueReceipts } from "./receipts.server";
import { queueTributeNotices } from "./tributes.server";

export class PaymentMismatchError extends Error {}

type Donation = typeof donations.$inferSelect;

async function lockDonation(tx: Db, id: string): Promise<Donation | undefined> {
  const [row] = await tx.select().from(donations).where(eq(donations.id, id)).for("update");
  return row;
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

/**
 * Brings one one-time gift in line with what Stripe says now: succeeded (once), its card fee
 * (once), refunds (each new cumulative amount once). Reads Stripe first, then writes without
 * network calls; the result does not depend on which event arrived, in what order, how often.
 */
export async function syncOneTimePayment(db: Db, paymentIntentId: string): Promise<{ donationId: string | null }> {
  const pi = await getStripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge.balance_transaction"] });
  if (pi.metadata?.match_fundraiser_id) {
    await syncMatchPayment(db, pi);
    return { donationId: null };
  }
  const donationId = pi.metadata?.donation_id;
  if (!donationId) {
    // A monthly charge: its payment intent belongs to an invoice.
    await syncInvoicePaymentIntent(db, pi.id);
    const [monthly] = await db.select({ id: donations.id }).from(donations).where(eq(donations.stripePaymentIntentId, pi.id));
    const latest = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
    if (monthly && latest) await applyChargeState(db, monthly.id, latest);
    return { donationId: monthly?.id ?? null };
  }
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  if (pi.status !== "succeeded" || !charge || charge.status !== "succeeded") return { donationId };
  const newGift = await db.transaction(async (tx) => {
    const donation = await lockDonation(tx, donationId);
    if (!donation) return [];
    if (pi.currency !== donation.currency || pi.amount !== donation.amountCents + donation.feeCoverCents)
      throw new PaymentMismatchError(`payment ${pi.id} does not match donation ${donation.id}`);
    if (donation.status !== "pending") return [];
    return recordSucceededGifts(tx, [{ donation, paymentIntentId: pi.id, chargeId: charge.id }]);
  });
  await applyChargeState(db, donationId, charge);
  for (const campaignId of newGift) await fundQueue(db, { campaignId });
  return { donationId };
}

/** The card fee (when Stripe has attached the balance transaction) and refunds so far. */
async function applyChargeState(db: Db, donationId: string, charge: Stripe.Charge): Promise<void> {
  const bt = typeof charge.balance_transaction === "object" ? charge.balance_transaction : null;
  await db.transaction(async (tx) => {
    const donation = await lockDonation(tx, donationId);
    if (!donation || donation.status === "pending" || donation.status === "failed") return;
    if (bt && donation.processingFeeCents === null && bt.fee > 0) {
      await recordProcessingFee(tx, { campaignId: donation.campaignId, idempotencyKey: `fee:${bt.id}`, feeCents: bt.fee, donationId: donation.id });
      await tx.update(donations).set({ processingFeeCents: bt.fee }).where(eq(donations.id, donation.id));
    }
    if (charge.amount_refunded > donation.refundedCents) {
      const giftBefore = Math.min(donation.refundedCents, donation.amountCents);
      const giftAfter = Math.min(charge.amount_refunded, donation.amountCents);
      const full = charge.amount_refunded >= charge.amount;
      await recordRefund(tx, {
        campaignId: donation.campaignId,
        idempotencyKey: `refund:${charge.id}:${charge.amount_refunded}`,
        amountCents: charge.amount_refunded - donation.refundedCents,
        giftCents: giftAfter - giftBefore,
        fullRefund: full,
        donationId: donation.id,
        fundraiserId: donation.fundraiserId,
      });
      await tx
        .update(donations)
        .set({ refundedCents: charge.amount_refunded, status: full ? "refunded" : "partially_refunded", updatedAt: new Date() })
        .where(eq(donations.id, donation.id));
      await queueRefundNotice(tx, donation, { chargeId: charge.id, chargedCents: charge.amount, refundedTotalCents: charge.amount_refunded });
    }
  });
}

/**
 * A dispute on one of our charges, brought in line with its current state on Stripe: opened
 * (the charge is taken back), each dispute fee Stripe charged, then won or lost.
 */
export async function syncDispute(db: Db, disputeId: string): Promise<void> {
  const dispute = await getStripe().disputes.retrieve(disputeId);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return;
  const charge = await getStripe().charges.retrieve(chargeId);
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return;
  const { donationId } = await syncOneTimePayment(db, paymentIntentId);
  if (!donationId) return;
  await db.transaction(async (tx) => {
    const donation = await lockDonation(tx, donationId);
    if (!donation || donation.status === "pending") return;
    const giftCents = Math.min(dispute.amount, donation.amountCents);
    const reversal = { campaignId: donation.campaignId, amountCents: dispute.amount, giftCents, donationId: donation.id, fundraiserId: donation.fundraiserId };
    if (donation.disputeStatus === null) {
      await recordDisputeOpened(tx, { ...reversal, idempotencyKey: `dispute:${dispute.id}:opened`, disputeFeeCents: 0 });
      await tx.update(donations).set({ disputeStatus: "open", status: "disputed" }).where(eq(donations.id, donation.id));
    }
    for (const bt of dispute.balance_transactions ?? []) {
      if (bt.fee > 0)
        await recordProcessingFee(tx, { campaignId: donation.campaignId, idempotencyKey: `fee:${bt.id}`, feeCents: bt.fee, donationId: donation.id, memo: "dispute fee" });
    }
    if (dispute.status === "won" && donation.disputeStatus !== "won") {
      await recordDisputeWon(tx, { ...reversal, idempotencyKey: `dispute:${dispute.id}:won` });
      await tx.update(donations).set({ disputeStatus: "won", status: "succeeded" }).where(eq(donations.id, donation.id));
    } else if (dispute.status === "lost" && donation.disputeStatus !== "lost") {
      await recordDisputeLost(tx, { campaignId: donation.campaignId });
      await tx.update(donations).set({ disputeStatus: "lost" }).where(eq(donations.id, donation.id));
    }
  });
}

/**
 * Checkout completed but the money has not cleared (a bank debit processing): the gift stays
 * pending and counts nowhere; staff see it as on its way until async_payment_succeeded or _failed.
 */
export async function markAwaitingFunds(db: Db, donationId: string): Promise<void> {
  await db
    .update(donations)
    .set({ awaitingFundsSince: new Date(), updatedAt: new Date() })
    .where(sql`${donations.id} = ${donationId} and ${donations.status} = 'pending' and ${donations.awaitingFundsSince} is null`);
}

export async function markCheckoutFailed(db: Db, donationId: string): Promise<void> {
  await db
    .update(donations)
    .set({ status: "failed", updatedAt: new Date() })
    .where(sql`${donations.id} = ${donationId} and ${donations.status} = 'pending'`);
}

async function queueRefundNotice(tx: Db, donation: Donation, p: { chargeId: string; chargedCents: number; refundedTotalCents: number }) {
  if (!donation.donorEmail) return;
  const organization = await getOrganization(tx);
  await enqueueEmail(tx, {
    template: "refund-notice",
    to: donation.donorEmail,
    locale: donation.locale,
    idempotencyKey: `refund/${p.chargeId}/${p.refundedTotalCents}`,
    props: {
      organizationName: organization.name,
      donorName: donation.donorName,
      refundCents: p.refundedTotalCents - donation.refundedCents,
      chargedCents: p.chargedCents,
      refundedTotalCents: p.refundedTotalCents,
      date: todayIn(organization.timezone),
      reference: donation.id.slice(0, 8).toUpperCase(),
    },
  });
}

/**
 * A monthly charge failed: the donor hears once per invoice, with a link to update the card.
 * Stripe retries the charge itself; a later invoice.paid records the gift as usual.
 */
export async function notifyMonthlyPaymentFailed(db: Db, invoice: { id: string; amountDueCents: number; parentDonationId: string }): Promise<void> {
  const [parent] = await db.select().from(donations).where(eq(donations.id, invoice.parentDonationId));
  // The first charge of a gift still pending (a bank debit that failed) is not a monthly renewal:
  // Checkout's async_payment_failed ends that gift, and there is no card to update.
  if (!parent?.donorEmail || parent.frequency !== "monthly" || parent.status === "pending" || parent.status === "failed") return;
  const organization = await getOrganization(db);
  await enqueueEmail(db, {
    template: "monthly-payment-failed",
    to: parent.donorEmail,
    locale: parent.locale,
    idempotencyKey: `payment-failed/${invoice.id}`,
    props: { organizationName: organization.name, donorName: parent.donorName, amountCents: invoice.amountDueCents, manageUrl: receiptManageUrl(parent.id) },
  });
}

/**
 * A monthly gift's invoice: the first one is the donor's first gift (the pending donation), each
 * later one is a donation of its own. Keyed by the invoice, so checkout.session.completed and
 * invoice.paid for the first charge are still one donation.
 */
export async function syncInvoice(db: Db, invoiceId: string): Promise<{ donationId: string | null }> {
  const invoice = await getStripe().invoices.retrieve(invoiceId, { expand: ["payments.data.payment.payment_intent"] });
  const details = invoice.parent?.subscription_details ?? null;
  const parentId = details?.metadata?.donation_id;
  if (!parentId || invoice.status !== "paid") return { donationId: null };
  const payment = invoice.payments?.data.find((p) => p.status === "paid") ?? invoice.payments?.data[0];
  const pi = payment?.payment?.payment_intent;
  const paymentIntentId = idOf(pi ?? null);
  if (!paymentIntentId) return { donationId: null };
  const subscriptionId = idOf(details?.subscription ?? null);
  const customerId = idOf(invoice.customer ?? null);
  const result = await db.transaction(async (tx) => {
    const parent = await lockDonation(tx, parentId);
    if (!parent) return null;
    if (invoice.currency !== parent.currency || invoice.amount_paid !== parent.amountCents + parent.feeCoverCents)
      throw new PaymentMismatchError(`invoice ${invoice.id} does not match donation ${parent.id}`);
    const [existing] = await tx.select().from(donations).where(eq(donations.stripeInvoiceId, invoice.id));
    if (existing) return { donationId: existing.id, isNew: false, campaignId: existing.campaignId };
    let donation: Donation;
    if (parent.status === "pending") {
      [donation] = await tx
        .update(donations)
        .set({
          status: "succeeded",
          succeededAt: new Date(),
          stripeInvoiceId: invoice.id,
          stripeSubscriptionId: subscriptionId,
          stripeCustomerId: customerId,
          stripePaymentIntentId: paymentIntentId,
          subscriptionStatus: "active",
          updatedAt: new Date(),
        })
        .where(eq(donations.id, parent.id))
        .returning() as Donation[];
    } else {
      [donation] = (await tx
        .insert(donations)
        .values({
          campaignId: parent.campaignId,
          fundraiserId: parent.fundraiserId,
          parentDonationId: parent.id,
          amountCents: parent.amountCents,
          feeCoverCents: parent.feeCoverCents,
          frequency: "monthly",
          status: "succeeded",
          channel: "stripe",
          donorName: parent.donorName,
          donorEmail: parent.donorEmail,
          anonymous: parent.anonymous,
          showOnWall: false,
          shareWithHost: parent.shareWithHost,
          locale: parent.locale,
          stripeInvoiceId: invoice.id,
          stripeSubscriptionId: subscriptionId,
          stripeCustomerId: customerId,
          stripePaymentIntentId: paymentIntentId,
          succeededAt: new Date(),
        })
        .returning()) as Donation[];
    }
    await recordGifts(tx, [
      {
        campaignId: donation!.campaignId,
        idempotencyKey: `gift:${invoice.id}`,
        giftCents: donation!.amountCents,
        feeCoverCents: donation!.feeCoverCents,
        donationId: donation!.id,
        fundraiserId: donation!.fundraiserId,
      },
    ]);
    const organization = await getOrganization(tx);
    await queueReceipts(tx, organization, [donation!]);
    // Only the first charge carries the dedication (later ones are new rows without it).
    await queueTributeNotices(tx, organization, [donation!]);
    await notifyProgress(tx, donation!.fundraiserId);
    return { donationId: donation!.id, isNew: true, campaignId: donation!.campaignId };
  });
  if (!result) return { donationId: null };
  const full = await getStripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge.balance_transaction"] });
  if (typeof full.latest_charge === "object" && full.latest_charge) await applyChargeState(db, result.donationId, full.latest_charge);
  if (result.isNew) await fundQueue(db, { campaignId: result.campaignId });
  return { donationId: result.donationId };
}

/** A payment intent created by an invoice (a monthly charge): find its invoice and sync that. */
export async function syncInvoicePaymentIntent(db: Db, paymentIntentId: string): Promise<boolean> {
  const [known] = await db.select({ invoice: donations.stripeInvoiceId }).from(donations).where(eq(donations.stripePaymentIntentId, paymentIntentId));
  let invoiceId = known?.invoice ?? null;
  if (!invoiceId) {
    const payments = await getStripe().invoicePayments.list({ payment: { type: "payment_intent", payment_intent: paymentIntentId }, limit: 1 });
    invoiceId = idOf(payments.data[0]?.invoice ?? null);
  }
  if (!invoiceId) return false;
  await syncInvoice(db, invoiceId);
  return true;
}

/** The monthly gift's subscription changed (cancelled from the portal, or payments failing). */
export async function syncSubscriptionStatus(
  db: Db,
  subscription: {
    id: string;
    status: string;
    metadata?: Record<string, string> | null;
    pause_collection?: unknown;
    items?: { data: { price: { unit_amount: number | null }; quantity?: number }[] };
  },
) {
  const donationId = subscription.metadata?.donation_id;
  if (!donationId) return;
  const status = subscription.status === "canceled" ? "canceled" : subscription.status === "past_due" || subscription.status === "unpaid" ? "past_due" : "active";
  const item = subscription.items?.data[0];
  const cents = item?.price.unit_amount != null ? item.price.unit_amount * (item.quantity ?? 1) : null;
  await db
    .update(donations)
    .set({ subscriptionStatus: status, subscriptionPaused: Boolean(subscription.pause_collection), ...(cents !== null ? { subscriptionCents: cents } : {}), updatedAt: new Date() })
    .where(eq(donations.id, donationId));
}
