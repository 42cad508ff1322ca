import { z } from "zod";
import { dollarsToCents, isoDate, msg, optionalIsoDate, optionalText, requiredText } from "../forms/fields";
import { transactionKinds } from "../ledger/kinds";
import { CHECKS_END_ON, checkRefused } from "./check-rule";

export const ledgerFilterSchema = z.object({
  kind: z.enum(transactionKinds).optional().catch(undefined),
  from: optionalIsoDate().catch(undefined),
  to: optionalIsoDate().catch(undefined),
});

export const requestActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("allocate-queue") }),
  z.object({ intent: z.literal("allocate"), requestId: z.string().uuid() }),
  z.object({ intent: z.literal("release"), requestId: z.string().uuid() }),
  z.object({ intent: z.literal("fee-returned"), disbursementId: z.string().uuid() }),
]);

export const disbursementSchema = z.object({
  method: z.enum(["g1450_card", "g1650_ach", "paygov_online", "reimbursement", "check"], { errorMap: () => ({ message: "errors.choose" }) }),
  paidOn: isoDate(),
  reference: optionalText(120),
  lines: z
    .array(z.object({ form: requiredText(20), amount: dollarsToCents({ min: 1, max: 1_000_000 }) }))
    .min(1, "errors.required")
    .max(6, msg("errors.tooMany", { max: 6 })),
});

/** The payment form for one case: a check dated on or after the cut-off needs the case's G-1651 exemption. */
export const disbursementSchemaFor = (p: { g1651Exemption: boolean }) =>
  disbursementSchema.superRefine((v, ctx) => {
    if (checkRefused({ method: v.method, paidOn: v.paidOn, g1651Exemption: p.g1651Exemption }))
      ctx.addIssue({ code: "custom", path: ["method"], message: msg("errors.checkNotAccepted", { date: CHECKS_END_ON }) });
  });

export const transferSchema = z.object({
  toCampaignId: z.string({ required_error: "errors.choose" }).uuid("errors.choose"),
  amount: dollarsToCents({ min: 1, max: 100_000_000 }),
  reason: requiredText(300),
});

/** Staff record or take back a case's Form G-1651 exemption (a ticked box is "on"). */
export const g1651Schema = z.object({ intent: z.literal("g1651"), exempt: z.literal("on").optional().transform((v) => v === "on") });
