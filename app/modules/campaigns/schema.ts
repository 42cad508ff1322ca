import { z } from "zod";
import { dollarsToCents, optionalDollarsToCents, isoDate, msg, optionalIsoDate, optionalText, requiredText, slug, wholeNumber } from "../forms/fields";

export const MAX_FIXED_FEE_CENTS = 1_000_000;

const campaignFields = z.object({
  titleEn: requiredText(120),
  titleEs: requiredText(120),
  slug: slug(),
  summaryEn: optionalText(300),
  summaryEs: optionalText(300),
  storyEn: requiredText(10_000),
  storyEs: requiredText(10_000),
  goalFees: wholeNumber({ min: 1, max: 100_000 }),
  feeSource: z.enum(["schedule", "fixed"], { errorMap: () => ({ message: "errors.choose" }) }),
  fixedFee: optionalDollarsToCents({ min: 100, max: MAX_FIXED_FEE_CENTS }),
  startsOn: optionalIsoDate(),
  endsOn: optionalIsoDate(),
});

/**
 * Rules across fields, checked on the raw values so that they are reported together with
 * every other field error (an object refinement would only run once all fields are valid).
 */
const campaignCrossFieldRules = z
  .object({})
  .passthrough()
  .superRefine((raw: Record<string, unknown>, ctx) => {
    const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
    if (raw.feeSource === "fixed" && blank(raw.fixedFee))
      ctx.addIssue({ code: "custom", path: ["fixedFee"], message: "errors.fixedFeeRequired" });
    const date = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? v.trim() : null);
    const start = date(raw.startsOn);
    const end = date(raw.endsOn);
    if (start && end && end < start) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "errors.endBeforeStart" });
  })
  // Contributes no values: the field schema above owns every parsed value.
  .transform(() => ({}));

/** The staff campaign form, shared by the browser and the server. */
export const campaignSchema = z.intersection(campaignFields, campaignCrossFieldRules);
export type CampaignInput = z.infer<typeof campaignSchema>;

export const campaignActionSchema = z.object({
  intent: z.enum(["publish", "close", "reopen"], { errorMap: () => ({ message: "errors.choose" }) }),
});

export const feeScheduleSchema = z.object({
  /** The only program with fees so far (a key with an underscore, which `slug()` refused: the form could never be sent). */
  program: z.enum(["daca_renewal"], { errorMap: () => ({ message: "errors.choose" }) }).default("daca_renewal"),
  filingMethod: z.enum(["online", "paper"], { errorMap: () => ({ message: "errors.choose" }) }),
  effectiveFrom: isoDate(),
  nameEn: requiredText(120),
  nameEs: requiredText(120),
  components: z
    .array(
      z.object({
        form: requiredText(20),
        labelEn: requiredText(120),
        labelEs: requiredText(120),
        amount: dollarsToCents({ min: 100, max: 500_000 }),
      }),
    )
    .min(1, "errors.required")
    .max(6, msg("errors.tooMany", { max: 6 })),
});
export type FeeScheduleInput = z.infer<typeof feeScheduleSchema>;
