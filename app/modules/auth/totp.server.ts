import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { constantTimeEqual } from "./tokens.server";

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

/**
 * Accepts the current code and the one either side of it (clock drift), and returns the time
 * step it matched so that the caller can refuse to accept the same code twice.
 */
export function matchTotp(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = Math.floor(now / 1000 / PERIOD_SECONDS);
  for (const step of [current, current - 1, current + 1]) {
    if (constantTimeEqual(generateHOTP(key, BigInt(step), DIGITS), code)) return step;
  }
  return null;
}
