import { z } from "zod";
import { requiredText } from "../forms/fields";

const allStatuses = ["submitted", "in_review", "approved", "funded", "paid", "rejected", "withdrawn"] as const;

/** The staff queue's filters, from the query string; anything unknown falls back to the default. */
export const queueFilterSchema = z.object({
  status: z.enum(["open", "all", ...allStatuses]).catch("open"),
  campaign: z.string().uuid().optional().catch(undefined),
  sort: z.enum(["urgency", "oldest", "newest"]).catch("urgency"),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

/**
 * Why a staff member opens an applicant's personal data. A fixed list, so the audit log states
 * the purpose of every view without ever holding free text that could carry personal data.
 */
export const viewReasons = ["review", "contact", "payment", "applicant_request", "legal"] as const;
export type ViewReason = (typeof viewReasons)[number];

/** Showing personal data is a POST with its reason in the body (never a link a page can trigger). */
export const revealSchema = z.object({
  intent: z.literal("reveal"),
  reason: z.enum(viewReasons, { errorMap: () => ({ message: "staffCases.reasonRequired" }) }),
});

const staffMessage = requiredText(2000);

/** One staff decision on a case; reasons and messages are emailed and stored encrypted. */
export const reviewActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start-review") }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("reject"), reason: staffMessage }),
  z.object({ intent: z.literal("request-info"), message: staffMessage }),
]);
export type ReviewAction = z.infer<typeof reviewActionSchema>;
