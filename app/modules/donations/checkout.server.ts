import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { donations } from "../../../db/schema";
import type { Campaign } from "../campaigns/campaigns.server";
import { getEnv } from "../config/env.server";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { translator } from "../i18n/translator";
import { getStripe } from "../payments/stripe.server";
import { feeCoverFor } from "./pricing";

/** Stripe could not be reached or refused the session: the donor is asked to try again. */
export class CheckoutUnavailableError extends Error {}

export type CheckoutRequest = {
  campaign: Campaign;
  fundraiserId?: string | null;
  giftCents: number;
  coverFees: boolean;
  frequency: "one_time" | "monthly";
  donor: { name: string | null; email: string; anonymous: boolean; message: string | null; showOnWall: boolean; shareWithHost: boolean };
  language: Language;
  appUrl: string;
  returnPath: string;
};

/**
 * Records the pending gift, then (outside any transaction) creates the Stripe Checkout Session
 * for it with an idempotency key derived from the pending donation. Returns where to send the
 * donor. Metadata links Stripe's objects to our records and carries no applicant data.
 */
export async function startCheckout(db: Db, r: CheckoutRequest): Promise<{ donationId: string; url: string }> {
  const feeCoverCents = r.coverFees ? feeCoverFor(r.giftCents, getEnv().donations.cardRate) : 0;
  const [donation] = await db
    .insert(donations)
    .values({
      campaignId: r.campaign.id,
      fundraiserId: r.fundraiserId ?? null,
      amountCents: r.giftCents,
      feeCoverCents,
      frequency: r.frequency,
      donorName: r.donor.name,
      donorEmail: r.donor.email,
      anonymous: r.donor.anonymous,
      publicMessage: r.donor.message,
      showOnWall: r.donor.showOnWall,
      shareWithHost: r.donor.shareWithHost,
      locale: r.language,
    })
    .returning({ id: donations.id });
  const t = translator(r.language);
  const title = r.language === "es" ? r.campaign.titleEs : r.campaign.titleEn;
  const metadata = { donation_id: donation!.id, campaign_id: r.campaign.id, ...(r.fundraiserId ? { fundraiser_id: r.fundraiserId } : {}) };
  const recurring = r.frequency === "monthly" ? { recurring: { interval: "month" as const } } : {};
  const line = (name: string, cents: number): Stripe.Checkout.SessionCreateParams.LineItem => ({
    quantity: 1,
    price_data: { currency: "usd", unit_amount: cents, product_data: { name }, ...recurring },
  });
  // A subscription bills one monthly price: the cover is folded into it and named.
  const lineItems =
    r.frequency === "monthly" && feeCoverCents > 0
      ? [line(t("donate.lineGiftWithCover", { campaign: title }), r.giftCents + feeCoverCents)]
      : [line(t("donate.lineGift", { campaign: title }), r.giftCents)];
  if (r.frequency === "one_time" && feeCoverCents > 0) lineItems.push(line(t("donate.lineCover"), feeCoverCents));
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: r.frequency === "monthly" ? "subscription" : "payment",
    line_items: lineItems,
    customer_email: r.donor.email,
    locale: r.language,
    client_reference_id: donation!.id,
    metadata,
    success_url: `${r.appUrl}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${r.appUrl}${r.returnPath}`,
    ...(r.frequency === "monthly"
      ? { subscription_data: { metadata } }
      : { submit_type: "donate", payment_intent_data: { metadata, description: t("donate.lineGift", { campaign: title }) } }),
  };
  let session: Stripe.Checkout.Session;
  try {
    session = await getStripe().checkout.sessions.create(params, { idempotencyKey: `checkout:${donation!.id}` });
  } catch (error) {
    await db.update(donations).set({ status: "failed", updatedAt: new Date() }).where(eq(donations.id, donation!.id));
    throw new CheckoutUnavailableError((error as Error).name);
  }
  await db.update(donations).set({ stripeCheckoutSessionId: session.id, updatedAt: new Date() }).where(eq(donations.id, donation!.id));
  return { donationId: donation!.id, url: session.url ?? r.returnPath };
}
