import { z } from "zod";
import { isoDate, optionalText } from "../forms/fields";

/** A USCIS receipt number: three letters and ten digits (e.g. IOE0912345678). */
const receipt = optionalText(13).refine((v) => v === undefined || /^[A-Z]{3}\d{10}$/i.test(v), "errors.uscisReceipt");

/** One staff step on USCIS's side of a case. */
export const uscisActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("uscis-filed"), filedOn: isoDate(), receipt }),
  z.object({ intent: z.literal("uscis-evidence"), dueOn: isoDate() }),
  z.object({ intent: z.literal("uscis-evidence-sent") }),
  z.object({ intent: z.literal("uscis-decided"), decidedOn: isoDate(), decision: z.enum(["approved", "denied"], { errorMap: () => ({ message: "errors.choose" }) }) }),
  z.object({
    intent: z.literal("uscis-rejected-intake"),
    rejectedOn: isoDate(),
    // Only these forms came back (none ticked: all of them).
    forms: z.preprocess((v) => (v === undefined ? undefined : [v].flat()), z.array(z.string().max(40)).optional()),
  }),
  z.object({ intent: z.literal("uscis-refiled") }),
]);
export type UscisAction = z.infer<typeof uscisActionSchema>;
