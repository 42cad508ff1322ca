import { z } from "zod";
import { dollarsToCents, email, moneyError, optionalDollarsToCents, optionalText, requiredText } from "../forms/fields";
import { parseMoney, type MoneyBounds } from "../money/parse";

/** Stripe's largest single charge; a refund can never be larger (the donation's own remainder is checked too). */
const STRIPE_MAX_CENTS = 99_999_999;

/** What a donor may write, shown on the form before they submit. */
export const DONOR_NAME_MAX = 100;
export const DONOR_MESSAGE_MAX = 280;
export const TRIBUTE_NAME_MAX = 100;

const donateFields = z.object({
  /** A preset ("full", "half", "quarter") or "other"; a typed other amount wins over a preset (see `donateGiftRule`). */
  amount: z.enum(["full", "half", "quarter", "other"], { errorMap: () => ({ message: "errors.choose" }) }).optional(),
  otherAmount: z.string().trim().optional(),
  frequency: z.enum(["one_time", "monthly"], { errorMap: () => ({ message: "errors.choose" }) }).default("one_time"),
  coverFees: z.literal("on").optional(),
  /** Card (and wallets) or US bank account: the fee cover follows the method (ADR 0026). */
  paymentMethod: z.enum(["card", "bank"], { errorMap: () => ({ message: "errors.choose" }) }).default("card"),
  name: optionalText(DONOR_NAME_MAX),
  email: email(),
  anonymous: z.literal("on").optional(),
  message: optionalText(DONOR_MESSAGE_MAX),
  showOnWall: z.literal("on").optional(),
  shareWithHost: z.literal("on").optional(),
  /** "What your gifts did" monthly email; off unless ticked. */
  impactEmails: z.literal("on").optional(),
  /** A gift in someone's honor or memory (issue 18 part 5); "none" leaves the other tribute fields unused. */
  tributeKind: z.enum(["none", "honor", "memory"], { errorMap: () => ({ message: "errors.choose" }) }).default("none"),
  tributeName: optionalText(TRIBUTE_NAME_MAX),
  tributeNotifyName: optionalText(TRIBUTE_NAME_MAX),
  tributeNotifyEmail: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), email().optional()),
  tributeMessage: optionalText(DONOR_MESSAGE_MAX),
  tributeShowAmount: z.literal("on").optional(),
  tributeLanguage: z.enum(["en", "es"], { errorMap: () => ({ message: "errors.choose" }) }).optional(),
  currency: z.literal("usd", { errorMap: () => ({ message: "donate.errors.currency" }) }).default("usd"),
  /** The form's per-render key (see `startCheckout`); optional so a page rendered before it existed still works. */
  submissionKey: z.string().uuid("donate.errors.generic").optional(),
  /** Honeypot: people leave it empty; bots fill it. */
  website: z.string().max(0, "errors.required").optional(),
});

export type DonorGift = { kind: "preset"; preset: "full" | "half" | "quarter" } | { kind: "other"; cents: number };

/**
 * Typed means chosen: an amount typed in "other amount" is the gift even when a preset is still
 * checked (without JavaScript the default preset stays checked while the donor types). Checked on
 * the raw values so the amount's error shows together with every other field error.
 */
const donateGiftRule = (bounds: MoneyBounds) =>
  z
    .object({})
    .passthrough()
    .transform((raw: Record<string, unknown>, ctx): { gift: DonorGift } => {
      // Anonymity means nobody sees the name, the business hosting the page included.
      if (raw.anonymous === "on" && raw.shareWithHost === "on")
        ctx.addIssue({ code: "custom", path: ["shareWithHost"], message: "donate.errors.anonymousAndShare" });
      const tribute = raw.tributeKind === "honor" || raw.tributeKind === "memory";
      if (tribute && (typeof raw.tributeName !== "string" || raw.tributeName.trim() === ""))
        ctx.addIssue({ code: "custom", path: ["tributeName"], message: "errors.required" });
      // Someone to tell needs a gift in someone's honor to tell them about.
      if (!tribute && typeof raw.tributeNotifyEmail === "string" && raw.tributeNotifyEmail.trim() !== "")
        ctx.addIssue({ code: "custom", path: ["tributeKind"], message: "errors.choose" });
      const typed = typeof raw.otherAmount === "string" ? raw.otherAmount : "";
      if (typed.trim() !== "") {
        const parsed = parseMoney(typed, bounds);
        if (parsed.ok) return { gift: { kind: "other", cents: parsed.cents } };
        ctx.addIssue({ code: "custom", path: ["otherAmount"], message: moneyError(parsed.error, bounds) });
        return z.NEVER;
      }
      if (raw.amount === "full" || raw.amount === "half" || raw.amount === "quarter") return { gift: { kind: "preset", preset: raw.amount } };
      if (raw.amount === "other") ctx.addIssue({ code: "custom", path: ["otherAmount"], message: "donate.errors.otherAmount" });
      // an unknown preset is the field schema's error; only a missing choice is reported here
      else if (raw.amount === undefined || raw.amount === "") ctx.addIssue({ code: "custom", path: ["amount"], message: "errors.choose" });
      return z.NEVER;
    });

/**
 * The donate form, shared by the browser and the server: the gift is a preset tied to the
 * campaign's fee, or the typed amount within the organization's bounds (in cents).
 */
export const donateSchema = (bounds: MoneyBounds) => z.intersection(donateFields, donateGiftRule(bounds));
export type DonateInput = z.infer<ReturnType<typeof donateSchema>>;

export const requiredName = requiredText(100);

export const staffDonationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("refund"),
    donationId: z.string().uuid(),
    /** Empty: refund everything not yet refunded. */
    amount: optionalDollarsToCents({ min: 1, max: STRIPE_MAX_CENTS }),
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
