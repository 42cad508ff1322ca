import { invalid } from "./errors";
import { toJson, type JsonObject, type JsonValue } from "./fixtures";
import type { Store } from "./store";

/**
 * `expand[]` as Stripe does it: a dotted path (`latest_charge.balance_transaction`,
 * `payments.data.payment.payment_intent`) replaces ids with the objects they name, stepping into
 * lists through `data`. A few properties are not ids but are only included when expanded
 * ("includable"): an invoice's `payments`, a Checkout Session's `line_items`, a charge's `refunds`.
 */

function list(url: string, data: object[]): JsonObject {
  return { object: "list", data: data.map(toJson), has_more: false, url };
}

function includable(store: Store, parent: JsonObject, field: string): JsonValue | undefined {
  const id = typeof parent.id === "string" ? parent.id : "";
  if (parent.object === "invoice" && field === "payments") {
    return list(`/v1/invoices/${id}/payments`, store.paymentsOf(id));
  }
  if (parent.object === "checkout.session" && field === "line_items") {
    return list(`/v1/checkout/sessions/${id}/line_items`, store.sessionExtras.get(id)?.items ?? []);
  }
  if (parent.object === "charge" && field === "refunds") {
    return list(`/v1/charges/${id}/refunds`, store.refundsOf(id));
  }
  return undefined;
}

/** The object as the API renders it, before expansion. */
export function render(object: { object: string }): JsonObject {
  return toJson(object);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expandPath(store: Store, value: JsonObject, segments: string[], fullPath: string): void {
  const [field, ...rest] = segments;
  if (value.object === "list" && field === "data" && Array.isArray(value.data)) {
    for (const item of value.data) if (isObject(item) && rest.length > 0) expandPath(store, item, rest, fullPath);
    return;
  }
  let current = value[field];
  if (current === undefined) {
    const included = includable(store, value, field);
    if (included === undefined) invalid(`This property cannot be expanded (${fullPath}).`, "expand");
    current = included;
    value[field] = current;
  } else if (typeof current === "string") {
    const found = store.find(current);
    if (!found) invalid(`This property cannot be expanded (${fullPath}).`, "expand");
    current = render(found);
    value[field] = current;
  }
  if (rest.length > 0 && isObject(current)) expandPath(store, current, rest, fullPath);
}

/** Applies `expand[]` paths to a rendered object (in place) and returns it. */
export function expand(store: Store, value: JsonObject, paths: string[]): JsonObject {
  for (const path of paths) {
    if (path.split(".").length > 4) invalid(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
    expandPath(store, value, path.split("."), path);
  }
  return value;
}
