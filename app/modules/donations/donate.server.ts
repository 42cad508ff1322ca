import type { SubmissionResult } from "@conform-to/react";
import { campaignFeeCents, isLive, type Campaign } from "../campaigns/campaigns.server";
import { getEnv } from "../config/env.server";
import { organizationToday } from "../organization/clock.server";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { consumeRateLimit, rules } from "../rate-limit/rate-limit.server";
import { CheckoutUnavailableError, startCheckout } from "./checkout.server";
import { presetAmounts } from "./pricing";
import { donateSchema } from "./schema";
import { parseSubmission } from "../forms/read-form.server";
import { publicUrl } from "../http/public-url.server";

export type DonateOutcome =
  | { kind: "checkout"; url: string }
  | { kind: "invalid"; reply: SubmissionResult<string[]>; status: 400 | 409 | 429 | 503 };

/** The custom amount's bounds, from the organization's settings (shown on the form). */
export const giftBounds = () => ({ minCents: getEnv().donations.minCents, maxCents: getEnv().donations.maxCents });
/** The card rate the fee cover is computed at (settings), shown on the form before checkout. */
export const cardRate = () => getEnv().donations.cardRate;
/** Bank payments on the form: whether offered, their rate, and from which gift the form suggests them. */
export const bankOption = () => {
  const d = getEnv().donations;
  return d.bankPayments ? { rate: d.bankRate, suggestFromCents: d.bankSuggestFromCents } : null;
};

/**
 * The donate form's action: validate (field errors in the donor's language), rate-limit per IP,
 * record the pending gift and open Stripe Checkout. Nothing is written for invalid input.
 */
export async function donate(
  db: Db,
  p: { formData: FormData; campaign: Campaign; fundraiserId?: string | null; language: Language; ip: string; returnPath: string },
): Promise<DonateOutcome> {
  const { minCents, maxCents } = getEnv().donations;
  const submission = parseSubmission(p.formData, { schema: donateSchema({ min: minCents, max: maxCents }) });
  if (submission.status !== "success") return { kind: "invalid", reply: submission.reply(), status: 400 };
  const input = submission.value;
  if (input.website) return { kind: "invalid", reply: submission.reply({ formErrors: ["donate.errors.generic"] }), status: 400 };
  if (input.paymentMethod === "bank" && !getEnv().donations.bankPayments)
    return { kind: "invalid", reply: submission.reply({ fieldErrors: { paymentMethod: ["errors.choose"] } }), status: 400 };
  const today = await organizationToday(db);
  if (!isLive(p.campaign, today)) return { kind: "invalid", reply: submission.reply({ formErrors: ["donate.errors.closed"] }), status: 400 };
  let giftCents: number;
  if (input.gift.kind === "other") giftCents = input.gift.cents;
  else {
    const fee = await campaignFeeCents(db, p.campaign, today);
    if (!fee) return { kind: "invalid", reply: submission.reply({ fieldErrors: { amount: ["donate.errors.otherAmount"] } }), status: 400 };
    const preset = input.gift.preset;
    giftCents = presetAmounts(fee).find((a) => a.key === preset)!.cents;
  }
  let outcome: Awaited<ReturnType<typeof startCheckout>>;
  try {
    outcome = await startCheckout(db, {
      campaign: p.campaign,
      fundraiserId: p.fundraiserId,
      giftCents,
      coverFees: input.coverFees === "on",
      paymentMethod: input.paymentMethod,
      frequency: input.frequency,
      donor: {
        name: input.name ?? null,
        email: input.email,
        anonymous: input.anonymous === "on",
        message: input.message ?? null,
        showOnWall: input.showOnWall === "on",
        shareWithHost: input.shareWithHost === "on",
        impactOptIn: input.impactEmails === "on",
      },
      tribute:
        input.tributeKind === "none" || !input.tributeName
          ? null
          : {
              kind: input.tributeKind,
              name: input.tributeName,
              notifyName: input.tributeNotifyName ?? null,
              notifyEmail: input.tributeNotifyEmail ?? null,
              message: input.tributeMessage ?? null,
              showAmount: input.tributeShowAmount === "on",
              language: input.tributeLanguage ?? p.language,
            },
      language: p.language,
      appUrl: publicUrl(),
      returnPath: p.returnPath,
      submissionKey: input.submissionKey ?? null,
      // Only a new gift counts: repeats of one form are answered without another Checkout Session.
      admit: async (tx) => (await consumeRateLimit(tx, rules.checkoutPerIp, p.ip)).allowed,
    });
  } catch (error) {
    if (error instanceof CheckoutUnavailableError)
      return { kind: "invalid", reply: submission.reply({ formErrors: ["donate.errors.unavailable"] }), status: 503 };
    throw error;
  }
  if (outcome.kind === "refused") return { kind: "invalid", reply: submission.reply({ formErrors: ["errors.tooManyAttempts"] }), status: 429 };
  if (outcome.kind === "keyReused") return { kind: "invalid", reply: submission.reply({ formErrors: ["donate.errors.alreadySent"] }), status: 409 };
  return { kind: "checkout", url: outcome.url };
}
