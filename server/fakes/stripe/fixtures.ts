import committed from "./fixtures.json" with { type: "json" };

/**
 * Stripe's own published example objects (stripe/openapi `openapi/fixtures3.json`, MIT License,
 * Copyright (c) 2011- Stripe, Inc.). Every object the fake returns starts as a deep copy of one of
 * these, with the fields that matter overlaid.
 *
 * The committed copy `fixtures.json` holds every object type the fake serves (a unit test keeps it
 * equal to Stripe's file when that sits beside the repository); it is bundled with the fake, so
 * nothing is read from disk and nothing outside the repository is ever read.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

export type FixtureType =
  | "balance_transaction"
  | "billing_portal.session"
  | "charge"
  | "checkout.session"
  | "customer"
  | "dispute"
  | "ephemeral_key"
  | "event"
  | "invoice"
  | "invoice_payment"
  | "issuing.authorization"
  | "issuing.card"
  | "issuing.cardholder"
  | "issuing.transaction"
  | "item"
  | "line_item"
  | "mandate"
  | "payment_intent"
  | "payment_method"
  | "payment_method_configuration"
  | "plan"
  | "price"
  | "product"
  | "refund"
  | "subscription"
  | "subscription_item";

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const resources: Record<string, JsonObject> = {};
for (const [key, value] of Object.entries(committed.resources)) {
  if (isObject(value)) resources[key] = value;
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** A deep copy of Stripe's example object of this type. */
export function fixture(type: FixtureType): JsonObject {
  const found = resources[type];
  if (!found) throw new Error(`No Stripe fixture for ${type}`);
  return deepCopy(found);
}

/**
 * Overlays typed fields on a fixture and returns it as the SDK type. The overlay is checked
 * against the SDK's own TypeScript types, so a misspelt or wrongly shaped field fails to compile.
 */
export function overlay<T>(type: FixtureType, fields: Partial<T>): T {
  return { ...fixture(type), ...fields } as unknown as T;
}

/** The object as plain JSON (for expansion, snapshots and responses). */
export function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
