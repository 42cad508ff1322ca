import { z } from "zod";
import { optionalText, requiredText, wholeNumber } from "../forms/fields";

/** The longest an ended case's personal data may be kept. */
export const MAX_RETENTION_DAYS = 730;

/** An HTML checkbox: present ("on") when ticked, absent otherwise. */
const checkbox = () => z.literal("on").optional().transform((v) => v === "on");

/** A number of days that, left out, keeps what is saved. */
const optionalDays = (max: number) => z.preprocess((v) => (v === "" || v === undefined ? undefined : v), wholeNumber({ min: 1, max }).optional());

const timezones = new Set(Intl.supportedValuesOf("timeZone"));

export const organizationSchema = z.object({
  name: requiredText(120),
  ein: optionalText(10).refine((v) => v === undefined || /^\d{2}-?\d{7}$/.test(v), "errors.ein"),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  contactEmail: optionalText(254).refine((v) => v === undefined || z.string().email().safeParse(v).success, "errors.email"),
  timezone: z.string({ required_error: "errors.required" }).refine((v) => timezones.has(v), "errors.timezone"),
  removeLogo: z.literal("on").optional(),
  // Applicant data (DESIGN §3): optional fields stay off unless an admin turns them on.
  collectANumber: checkbox(),
  collectDateOfBirth: checkbox(),
  caseRetentionDays: wholeNumber({ min: 0, max: MAX_RETENTION_DAYS }),
  noNewsDays: optionalDays(MAX_RETENTION_DAYS),
  // Follow-up: the staff queue flags cases that stalled this many days.
  paidNotFiledDays: optionalDays(365),
  fundedNotPaidDays: optionalDays(365),
  // A fee USCIS returned stays with its case this long for a refiling.
  refileWindowDays: optionalDays(365),
});
export type OrganizationInput = z.infer<typeof organizationSchema>;

export const timezoneOptions = [...timezones].filter((tz) => tz.startsWith("America/") || tz.startsWith("Pacific/"));
