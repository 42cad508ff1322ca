import { z } from "zod";
import { dollarsToCents, email, msg, optionalText, requiredText } from "../forms/fields";

/** Stripe's largest single charge; a refund can never be larger (the donation's own remainder is checked too). */
const STRIPE_MAX_CENTS = 99_999_999;

/**
 * The donate form. `amount` is a preset ("full", "half", "quarter") or "other" with
 * `otherAmount` in dollars; the server turns it into cents against the campaign's fee.
 */
export const donateSchema = z
  .object({
    amount: z.enum(["full", "half", "quarter", "other"], { errorMap: () => ({ message: "errors.choose" }) }),
    otherAmount: z.string().trim().optional(),
    frequency: z.enum(["one_time", "monthly"], { errorMap: () => ({ message: "errors.choose" }) }).default("one_time"),
    coverFees: z.literal("on").optional(),
    name: optionalText(100),
    email: email(),
    anonymous: z.literal("on").optional(),
    message: optionalText(280),
    showOnWall: z.literal("on").optional(),
    shareWithHost: z.literal("on").optional(),
    currency: z.literal("usd", { errorMap: () => ({ message: "donate.errors.currency" }) }).default("usd"),
    /** Honeypot: people leave it empty; bots fill it. */
    website: z.string().max(0, "errors.required").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.amount === "other" && !v.otherAmount)
      ctx.addIssue({ code: "custom", path: ["otherAmount"], message: "donate.errors.otherAmount" });
    // Anonymity means nobody sees the name, the business hosting the page included.
    if (v.anonymous === "on" && v.shareWithHost === "on")
      ctx.addIssue({ code: "custom", path: ["shareWithHost"], message: "donate.errors.anonymousAndShare" });
  });
export type DonateInput = z.infer<typeof donateSchema>;

/** Dollars typed by a donor, in bounds, to cents; a field error key otherwise. */
export function parseDonorAmount(text: string, bounds: { min: number; max: number }): { cents: number } | { error: string } {
  const cleaned = text.replace(/[$,\s]/g, "");
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return { error: "errors.money" };
  const [whole, fraction = ""] = cleaned.split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents < bounds.min || cents > bounds.max) return { error: msg("errors.moneyRange", { min: bounds.min / 100, max: bounds.max / 100 }) };
  return { cents };
}

export const requiredName = requiredText(100);

export const staffDonationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("refund"),
    donationId: z.string().uuid(),
    /** Empty: refund everything not yet refunded. */
    amount: z.preprocess((v) => (v === "" ? undefined : v), dollarsToCents({ min: 1, max: STRIPE_MAX_CENTS }).optional()),
    requestKey: z.string().uuid(),
  }),
  z.object({
    intent: z.literal("offline"),
    amount: dollarsToCents({ min: 100, max: 100_000_000 }),
    method: z.enum(["cash", "check"], { errorMap: () => ({ message: "errors.choose" }) }),
    donorName: optionalText(100),
    donorEmail: z.preprocess((v) => (v === "" ? undefined : v), email().optional()),
    locale: z.enum(["en", "es"]).default("en"),
    /** Collected at a business's fundraiser: the gift counts on that page. */
    fundraiserId: z.preprocess((v) => (v === "" ? undefined : v), z.string().uuid("errors.choose").optional()),
  }),
]);
