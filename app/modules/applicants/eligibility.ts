/** USCIS accepts a DACA renewal from 150 days before expiry (DESIGN §2). */
export const RENEWAL_OPENS_DAYS_BEFORE = 150;

export type Eligibility =
  | { eligible: true }
  | { eligible: false; reason: "too_early"; opensOn: string }
  | { eligible: false; reason: "expired_too_long" };

const addDays = (isoDate: string, days: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The same calendar day one year later (29 February → 1 March). */
const oneYearAfter = (isoDate: string) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * A renewal can be helped from 150 days before the DACA expiration date until it has been
 * expired for one year (after that USCIS treats it as an initial request). Dates are YYYY-MM-DD.
 */
export function checkEligibility(dacaExpiresOn: string, today: string): Eligibility {
  const opensOn = addDays(dacaExpiresOn, -RENEWAL_OPENS_DAYS_BEFORE);
  if (today < opensOn) return { eligible: false, reason: "too_early", opensOn };
  if (today >= oneYearAfter(dacaExpiresOn)) return { eligible: false, reason: "expired_too_long" };
  return { eligible: true };
}

/** Today's date where the organization is (an applicant near midnight sees their own day). */
export function todayIn(timeZone: string, now = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(now);
}

/** Intl formatters are costly to build: one per time zone, built once. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
