import crypto from "node:crypto";
import type Stripe from "stripe";

/** Ids, clock and money helpers shared by the object builders. */

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomChars(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** Stripe-looking ids: `pi_3Q…` (24 chars), `cus_Q…` (14), `cs_test_a1…` (58). */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomChars(length)}`;
}

/**
 * `*_decimal` fields travel as strings (`"2500"`); SDK v23 types them as its own `Decimal` class
 * and converts them when it parses a response. We keep the wire form.
 */
export function wireDecimal(value: number): Stripe.Price["unit_amount_decimal"] {
  return String(value) as unknown as Stripe.Price["unit_amount_decimal"];
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** `t` plus `months` calendar months (UTC), as Stripe bills monthly subscriptions. */
export function addMonths(t: number, months: number): number {
  const d = new Date(t * 1000);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return Math.floor(d.getTime() / 1000);
}

export const DAY = 86_400;

/** Card fee: round(amount × percent / 100) + fixed, in integer arithmetic (percent to 0.001). */
export function cardFee(amount: number, percent: number, fixedCents: number): number {
  const milliPercent = Math.round(percent * 1000);
  return Math.round((amount * milliPercent) / 100_000) + fixedCents;
}

export type Fees = { percent: number; fixedCents: number; disputeFeeCents: number };

export const TEST_ADDRESS: Stripe.Address = {
  city: "San Francisco",
  country: "US",
  line1: null,
  line2: null,
  postal_code: "94103",
  state: null,
};

export const TEST_NAME = "Jenny Rosen";
export const DEFAULT_DONOR_EMAIL = "donor@example.com";
