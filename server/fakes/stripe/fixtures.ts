import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Stripe's own published example objects (stripe/openapi `openapi/fixtures3.json`, MIT License,
 * Copyright (c) 2011- Stripe, Inc.). Every object the fake returns starts as a deep copy of one of
 * these, with the fields that matter overlaid.
 *
 * We read `../shared/stripe/fixtures3.json` beside the repository when it is there (the full,
 * canonical file) and otherwise the committed subset `fixtures.json` next to this file.
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
  | "event"
  | "invoice"
  | "invoice_payment"
  | "item"
  | "line_item"
  | "payment_intent"
  | "plan"
  | "price"
  | "product"
  | "refund"
  | "subscription"
  | "subscription_item";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

export const fixtureCandidates = [
  path.resolve(repoRoot, "../shared/stripe/fixtures3.json"),
  path.resolve(here, "fixtures.json"),
];

let cache: Record<string, JsonObject> | undefined;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function load(): Record<string, JsonObject> {
  if (cache) return cache;
  for (const file of fixtureCandidates) {
    if (!fs.existsSync(file)) continue;
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (isObject(parsed) && isObject(parsed.resources)) {
      const resources: Record<string, JsonObject> = {};
      for (const [key, value] of Object.entries(parsed.resources)) {
        if (isObject(value)) resources[key] = value;
      }
      cache = resources;
      return resources;
    }
  }
  throw new Error(`Stripe fixtures not found (looked in ${fixtureCandidates.join(", ")})`);
}

export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

/** A deep copy of Stripe's example object of this type. */
export function fixture(type: FixtureType): JsonObject {
  const found = load()[type];
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
