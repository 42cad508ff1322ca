import { addDays, addYears } from "../dates/dates";

/** USCIS accepts a DACA renewal from 150 days before expiry (DESIGN §2). */
export const RENEWAL_OPENS_DAYS_BEFORE = 150;

export type Eligibility =
  | { eligible: true }
  | { eligible: false; reason: "too_early"; opensOn: string }
  | { eligible: false; reason: "expired_too_long" };

/**
 * A renewal can be helped from 150 days before the DACA expiration date until it has been
 * expired for one year (after that USCIS treats it as an initial request). Dates are YYYY-MM-DD.
 */
export function checkEligibility(dacaExpiresOn: string, today: string): Eligibility {
  const opensOn = addDays(dacaExpiresOn, -RENEWAL_OPENS_DAYS_BEFORE);
  if (today < opensOn) return { eligible: false, reason: "too_early", opensOn };
  if (today >= addYears(dacaExpiresOn, 1)) return { eligible: false, reason: "expired_too_long" };
  return { eligible: true };
}
