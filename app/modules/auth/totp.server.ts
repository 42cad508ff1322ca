import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";

const PERIOD_SECONDS = 30;
const DIGITS = 6;

export function generateTotpSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes);
}

export function totpUri(secret: string, accountName: string, issuer: string): string {
  return createTOTPKeyURI(issuer, accountName, decodeBase32IgnorePadding(secret), PERIOD_SECONDS, DIGITS);
}

/** Accepts the current code and the one either side of it (clock drift). */
export function verifyTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return verifyTOTPWithGracePeriod(decodeBase32IgnorePadding(secret), PERIOD_SECONDS, DIGITS, code, PERIOD_SECONDS);
}
