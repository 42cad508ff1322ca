import { z } from "zod";
import { dollarsToCents, isoDate, msg, optionalIsoDate, optionalText, requiredText } from "../forms/fields";
import { transactionKinds } from "../ledger/kinds";

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

export const transferSchema = z.object({
  toCampaignId: z.string({ required_error: "errors.choose" }).uuid("errors.choose"),
  amount: dollarsToCents({ min: 1, max: 100_000_000 }),
  reason: requiredText(300),
});
