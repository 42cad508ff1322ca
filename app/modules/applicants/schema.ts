import { z } from "zod";
import { todayIn } from "../dates/dates";
import { email, isoDate, optionalText, requiredText } from "../forms/fields";
import { stateCodes } from "./states";

export const NAME_MAX = 80;
export const NOTE_MAX = 500;
export const REPLY_MAX = 1000;

const language = z.enum(["en", "es"], { errorMap: () => ({ message: "errors.choose" }) });
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** 8 or 9 digits, with or without the leading A; stored as A + 9 digits. */
const aNumber = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^[Aa]?-?\d{8,9}$/, "applyErrors.aNumber")
    .transform((v) => `A${v.replace(/\D/g, "").padStart(9, "0")}`)
    .optional(),
);

/** Born before today where the organization is. */
const dateOfBirth = (timeZone: string) =>
  z.preprocess(
    blankToUndefined,
    isoDate()
      .refine((v) => v >= "1900-01-01" && v < todayIn(timeZone), "applyErrors.dateOfBirth")
      .optional(),
  );

/** The application form; the optional fields exist only when the organization turned them on. */
export function applicationSchema(options: { collectANumber: boolean; collectDateOfBirth: boolean; timeZone: string }) {
  return z.object({
    name: requiredText(NAME_MAX),
    email: email(),
    language,
    state: z.enum(stateCodes, { errorMap: () => ({ message: "applyErrors.state" }) }),
    dacaExpiresOn: isoDate(),
    filingMethod: z.enum(["online", "paper"], { errorMap: () => ({ message: "errors.choose" }) }),
    note: optionalText(NOTE_MAX),
    aNumber: options.collectANumber ? aNumber : z.undefined().catch(undefined),
    dateOfBirth: options.collectDateOfBirth ? dateOfBirth(options.timeZone) : z.undefined().catch(undefined),
    consent: z.literal("on", { errorMap: () => ({ message: "applyErrors.consent" }) }),
    /** Honeypot: people never see it, so anything typed here came from a bot. */
    website: z.string().max(0).optional().catch("bot"),
  });
}

export type ApplicationInput = z.infer<ReturnType<typeof applicationSchema>>;

export const contactSchema = z.object({ name: requiredText(NAME_MAX), email: email(), language });

export const resendSchema = z.object({ email: email() });

export const replySchema = z.object({ body: requiredText(REPLY_MAX) });
