import { eq } from "drizzle-orm";
import { setTimeout as sleep } from "node:timers/promises";
import type Stripe from "stripe";
import { donations } from "../../../db/schema";
import type { Campaign } from "../campaigns/campaigns.server";
import { getEnv } from "../config/env.server";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { translator } from "../i18n/translator";
import { getStripe } from "../payments/stripe.server";
import { feeCoverFor, type PaymentMethodChoice } from "./pricing";

/** Stripe could not be reached or refused the session: the donor is asked to try again. */
export class CheckoutUnavailableError extends Error {}

export type CheckoutRequest = {
  campaign: Campaign;
  fundraiserId?: string | null;
  giftCents: number;
  coverFees: boolean;
  paymentMethod: PaymentMethodChoice;
  frequency: "one_time" | "monthly";
  donor: { name: string | null; email: string; anonymous: boolean; message: string | null; showOnWall: boolean; shareWithHost: boolean; impactOptIn?: boolean };
  /** In someone's honor or memory, and whom to tell once the payment succeeds. */
  tribute?: Tribute | null;
  language: Language;
  appUrl: string;
  returnPath: string;
  /** The form's per-render key (null when a client sent none): one key, one pending gift, one Checkout Session. */
  submissionKey: string | null;
  /** Asked, inside the claiming transaction, only when this request records a new gift (the rate limit). */
  admit: (tx: Db) => Promise<boolean>;
};

export type Tribute = {
  kind: "honor" | "memory";
  name: string;
  notifyName: string | null;
  notifyEmail: string | null;
  message: string | null;
  showAmount: boolean;
  language: Language;
};

export type CheckoutOutcome =
  | { kind: "checkout"; donationId: string; url: string }
  /** `admit` refused: nothing was recorded. */
  | { kind: "refused" }
  /** The key was already used for a different gift: nothing was recorded. */
  | { kind: "keyReused" };

type Pending = typeof donations.$inferInsert;
/** What the donor chose; a repeat with the same key must choose all of it the same way. */
const CHOSEN = ["campaignId", "fundraiserId", "amountCents", "feeCoverCents", "paymentMethod", "frequency", "donorName", "donorEmail", "anonymous", "publicMessage", "showOnWall", "shareWithHost", "tributeKind", "tributeName", "tributeNotifyName", "tributeNotifyEmail", "tributeMessage", "tributeShowAmount", "tributeLocale", "impactOptIn"] as const;
/** How long a repeat waits for the first request's Checkout Session before asking the donor to try again. */
const REPEAT_WAIT_MS = 25_000;

/**
 * Records the pending gift, then (outside any transaction) creates the Stripe Checkout Session
 * for it, with the form's key as Stripe's idempotency key. A repeat of the same form (double
 * click, resent page, many at once) records nothing and is sent to the first one's Checkout.
 * Metadata links Stripe's objects to our records and carries no applicant data.
 */
export async function startCheckout(db: Db, r: CheckoutRequest): Promise<CheckoutOutcome> {
  const settings = getEnv().donations;
  const feeCoverCents = r.coverFees ? feeCoverFor(r.giftCents, r.paymentMethod === "bank" ? settings.bankRate : settings.cardRate) : 0;
  const values: Pending = {
    campaignId: r.campaign.id,
    fundraiserId: r.fundraiserId ?? null,
    amountCents: r.giftCents,
    feeCoverCents,
    paymentMethod: r.paymentMethod,
    frequency: r.frequency,
    donorName: r.donor.name,
    donorEmail: r.donor.email,
    anonymous: r.donor.anonymous,
    publicMessage: r.donor.message,
    showOnWall: r.donor.showOnWall,
    impactOptIn: r.donor.impactOptIn ?? false,
    shareWithHost: r.donor.shareWithHost,
    tributeKind: r.tribute?.kind ?? null,
    tributeName: r.tribute?.name ?? null,
    tributeNotifyName: r.tribute?.notifyEmail ? r.tribute.notifyName : null,
    tributeNotifyEmail: r.tribute?.notifyEmail ?? null,
    tributeMessage: r.tribute?.notifyEmail ? r.tribute.message : null,
    tributeShowAmount: r.tribute?.notifyEmail ? r.tribute.showAmount : false,
    tributeLocale: r.tribute?.notifyEmail ? r.tribute.language : null,
    locale: r.language,
    submissionKey: r.submissionKey,
  };
  // Concurrent inserts of one key wait on the unique index until the first commits, so exactly
  // one request records the gift (and counts against the rate limit); the others read it.
  const claimed = await db.transaction(async (tx) => {
    const [row] = await tx.insert(donations).values(values).onConflictDoNothing({ target: donations.submissionKey }).returning({ id: donations.id });
    if (!row) return { kind: "repeat" as const };
    if (await r.admit(tx)) return { kind: "new" as const, id: row.id };
    await tx.delete(donations).where(eq(donations.id, row.id));
    return { kind: "refused" as const };
  });
  if (claimed.kind === "refused") return claimed;
  if (claimed.kind === "repeat") return repeatOf(db, r.submissionKey!, values);
  const donationId = claimed.id;
  const t = translator(r.language);
  const title = r.language === "es" ? r.campaign.titleEs : r.campaign.titleEn;
  const metadata = { donation_id: donationId, campaign_id: r.campaign.id, ...(r.fundraiserId ? { fundraiser_id: r.fundraiserId } : {}) };
  const recurring = r.frequency === "monthly" ? { recurring: { interval: "month" as const } } : {};
  const line = (name: string, cents: number): Stripe.Checkout.SessionCreateParams.LineItem => ({
    quantity: 1,
    price_data: { currency: "usd", unit_amount: cents, product_data: { name }, ...recurring },
  });
  // A subscription bills one monthly price: the cover is folded into it and named.
  const lineItems =
    r.frequency === "monthly" && feeCoverCents > 0
      ? [line(t(r.paymentMethod === "bank" ? "bankGifts.lineGiftWithCover" : "donate.lineGiftWithCover", { campaign: title }), r.giftCents + feeCoverCents)]
      : [line(t("donate.lineGift", { campaign: title }), r.giftCents)];
  if (r.frequency === "one_time" && feeCoverCents > 0) lineItems.push(line(t(r.paymentMethod === "bank" ? "bankGifts.lineCover" : "donate.lineCover"), feeCoverCents));
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: r.frequency === "monthly" ? "subscription" : "payment",
    line_items: lineItems,
    customer_email: r.donor.email,
    locale: r.language,
    client_reference_id: donationId,
    metadata,
    success_url: `${r.appUrl}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${r.appUrl}${r.returnPath}`,
    ...paymentMethods(r.paymentMethod, settings.paymentMethodConfiguration),
    ...(r.frequency === "monthly"
      ? { subscription_data: { metadata } }
      : { submit_type: "donate", payment_intent_data: { metadata, description: t("donate.lineGift", { campaign: title }) } }),
  };
  let session: Stripe.Checkout.Session;
  try {
    session = await getStripe().checkout.sessions.create(params, { idempotencyKey: `checkout:${r.submissionKey ?? donationId}` });
  } catch (error) {
    await db.update(donations).set({ status: "failed", updatedAt: new Date() }).where(eq(donations.id, donationId));
    throw new CheckoutUnavailableError((error as Error).name);
  }
  const url = session.url ?? r.returnPath;
  await db.update(donations).set({ stripeCheckoutSessionId: session.id, stripeCheckoutUrl: url, updatedAt: new Date() }).where(eq(donations.id, donationId));
  return { kind: "checkout", donationId: donationId, url };
}

/**
 * The methods Checkout offers, from the configured payment method configuration (the account's
 * default when none is set) narrowed to what the donor chose on our form, since the fee cover was
 * computed for it: a bank gift only by bank, a card gift by card or wallet, never by bank.
 */
function paymentMethods(
  chosen: PaymentMethodChoice,
  configuration: string | null,
): Pick<Stripe.Checkout.SessionCreateParams, "payment_method_configuration" | "allowed_payment_method_types" | "excluded_payment_method_types"> {
  return {
    ...(configuration ? { payment_method_configuration: configuration } : {}),
    ...(chosen === "bank" ? { allowed_payment_method_types: ["us_bank_account"] } : { excluded_payment_method_types: ["us_bank_account"] }),
  };
}

/**
 * A submission whose key is already taken: the same gift is sent where the first request sent
 * (waiting while that request is still at Stripe); a different gift under the same key is refused.
 */
async function repeatOf(db: Db, submissionKey: string, values: Pending): Promise<CheckoutOutcome> {
  const deadline = Date.now() + REPEAT_WAIT_MS;
  for (;;) {
    const [first] = await db.select().from(donations).where(eq(donations.submissionKey, submissionKey));
    if (!first) throw new CheckoutUnavailableError("repeat without its first submission");
    if (CHOSEN.some((column) => (first[column] ?? null) !== (values[column] ?? null))) return { kind: "keyReused" };
    if (first.stripeCheckoutUrl) return { kind: "checkout", donationId: first.id, url: first.stripeCheckoutUrl };
    if (first.status === "failed" || Date.now() > deadline) throw new CheckoutUnavailableError("first submission has no Checkout");
    await sleep(100);
  }
}
