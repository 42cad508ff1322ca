import { z } from "zod";
import { dollarsToCents, optionalDollarsToCents, email, isoDate, msg, optionalIsoDate, optionalText, requiredText, wholeNumber } from "../forms/fields";
import { SLUG_MAX, SLUG_MIN, SLUG_PATTERN } from "./slug";

/** A page's goal, in renewals: at least one, and no more than a single business can credibly raise. */
export const MAX_GOAL_FEES = 500;
/** The largest match a host may pledge ($100,000). */
export const MAX_MATCH_CENTS = 10_000_000;

const website = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .max(200, msg("errors.tooLong", { max: 200 }))
    .url("fundraiserErrors.website")
    .refine((v) => /^https?:\/\//i.test(v), "fundraiserErrors.website")
    .optional(),
);

const profileFields = {
  businessName: requiredText(120),
  contactName: requiredText(100),
  phone: optionalText(30),
  website,
};

/** A business's details, edited by its host. */
export const hostProfileSchema = z.object(profileFields);
export type HostProfileInput = z.infer<typeof hostProfileSchema>;

/** Signing up at /host: the business and an email to send the sign-in link to. */
export const hostSignUpSchema = z.object({
  email: email(),
  ...profileFields,
  /** Honeypot: people leave it empty; bots fill it. */
  nickname: z.string().max(0, "errors.required").optional(),
});

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
const dateOf = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? v.trim() : null);

/** The page's address as the host types it: case and surrounding spaces do not matter; empty keeps it. */
const slug = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() || undefined : v),
  z
    .string()
    .min(SLUG_MIN, "fundraiserErrors.slugFormat")
    .max(SLUG_MAX, "fundraiserErrors.slugFormat")
    .regex(SLUG_PATTERN, "fundraiserErrors.slugFormat")
    .optional(),
);

const fundraiserFields = z.object({
  campaignId: z.string({ required_error: "errors.choose" }).uuid("errors.choose"),
  title: requiredText(120),
  /** Only on the edit form, before approval; a new page's address comes from its title. */
  slug,
  storyEn: optionalText(5_000),
  storyEs: optionalText(5_000),
  goalFees: wholeNumber({ min: 1, max: MAX_GOAL_FEES }),
  startsOn: isoDate(),
  endsOn: isoDate(),
  eventOn: optionalIsoDate(),
  eventPlace: optionalText(200),
  matchCap: optionalDollarsToCents({ min: 100, max: MAX_MATCH_CENTS }),
  matchStartsOn: optionalIsoDate(),
  matchEndsOn: optionalIsoDate(),
});

/** Rules across fields, on the raw values, so they are reported with every other field error. */
const crossFieldRules = z
  .object({})
  .passthrough()
  .superRefine((raw: Record<string, unknown>, ctx) => {
    if (blank(raw.storyEn) && blank(raw.storyEs)) {
      ctx.addIssue({ code: "custom", path: ["storyEn"], message: "fundraiserErrors.storyRequired" });
    }
    const start = dateOf(raw.startsOn);
    const end = dateOf(raw.endsOn);
    if (start && end && end < start) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.endBeforeStart" });
    const matchStart = dateOf(raw.matchStartsOn);
    const matchEnd = dateOf(raw.matchEndsOn);
    if (matchStart && matchEnd && matchEnd < matchStart)
      ctx.addIssue({ code: "custom", path: ["matchEndsOn"], message: "errors.endBeforeStart" });
    if (start && matchStart && matchStart < start)
      ctx.addIssue({ code: "custom", path: ["matchStartsOn"], message: "fundraiserErrors.matchOutsidePage" });
    if (end && matchEnd && matchEnd > end) ctx.addIssue({ code: "custom", path: ["matchEndsOn"], message: "fundraiserErrors.matchOutsidePage" });
    if (blank(raw.matchCap) && (matchStart || matchEnd))
      ctx.addIssue({ code: "custom", path: ["matchCap"], message: "fundraiserErrors.matchCapRequired" });
  })
  .transform(() => ({}));

/** The host's fundraiser form, shared by the browser and the server. */
export const fundraiserSchema = z.intersection(fundraiserFields, crossFieldRules);
export type FundraiserInput = z.infer<typeof fundraiserSchema>;

export const hostFundraiserActionSchema = z.object({ intent: z.enum(["submit", "end"]) });

/**
 * The page's updatedAt as the reviewer saw it: a decision applies only to what they read. A
 * missing or stale one is refused by reviewFundraiser with a message, not as a hidden field error.
 */
const seenVersion = z.string().max(40).default("");

export const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), version: seenVersion }),
  z.object({ intent: z.literal("reject"), reason: requiredText(500), version: seenVersion }),
  z.object({ intent: z.literal("approveRevision"), version: seenVersion }),
  z.object({ intent: z.literal("rejectRevision"), reason: requiredText(500), version: seenVersion }),
  z.object({ intent: z.literal("matchReceived"), amount: dollarsToCents({ min: 1, max: MAX_MATCH_CENTS }), requestKey: z.string().uuid() }),
]);
