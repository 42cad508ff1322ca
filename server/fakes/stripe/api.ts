import type Stripe from "stripe";
import { invalid, missing } from "./errors";
import type { EventRequest, ListEventsQuery } from "./events";
import type { Params } from "./form";
import { createRefund as refund } from "./chargebacks";
import { buildCheckoutItem, buildPrice, buildProduct } from "./objects";
import { nowSeconds } from "./util";
import type { SessionExtras } from "./store";
import type { World } from "./world";

/**
 * The request side of the API: reads parameters the way Stripe validates them and calls the
 * world. Each function returns the (unexpanded) object to send back.
 */

const LOCALES = new Set([
  "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id",
  "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi",
  "zh", "zh-HK", "zh-TW",
]);
/** The payment method types Fondo's Checkout may ask for (cards with their wallets, Link, US bank accounts). */
const PAYMENT_METHOD_TYPES = new Set(["card", "link", "us_bank_account"]);
const SUBMIT_TYPES = new Set(["auto", "book", "donate", "pay", "subscribe"]);
const INTERVALS = new Set(["day", "week", "month", "year"]);
const REFUND_REASONS = new Set(["duplicate", "fraudulent", "requested_by_customer"]);

function oneOf<T extends string>(value: string | undefined, allowed: Set<string>, param: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.has(value)) invalid(`Invalid ${param}: must be one of ${[...allowed].join(", ")}`, param);
  return value as T;
}

export function createCheckoutSession(world: World, p: Params): Stripe.Checkout.Session {
  const mode = p.requiredString("mode");
  if (mode === "setup") invalid("The local fake Stripe does not support `setup` mode.", "mode");
  if (mode !== "payment" && mode !== "subscription") invalid("Invalid mode: must be one of payment, setup, or subscription", "mode");

  const lines = p.array("line_items");
  if (lines.length === 0) invalid(`You must provide at least one line item with \`line_items\` in \`${mode}\` mode.`, "line_items", "parameter_missing");
  const items: Stripe.LineItem[] = [];
  let currency: string | undefined;
  lines.forEach((line, i) => {
    const quantity = line.integer("quantity");
    if (quantity === undefined) invalid(`Missing required param: line_items[${i}][quantity].`, `line_items[${i}][quantity]`, "parameter_missing");
    if (quantity < 1) invalid("This value must be greater than or equal to 1.", `line_items[${i}][quantity]`);
    let price: Stripe.Price;
    let product: Stripe.Product;
    const priceId = line.string("price");
    const data = line.object("price_data");
    if (priceId) {
      const found = world.store.prices.get(priceId);
      if (!found) missing("price", priceId, `line_items[${i}][price]`);
      price = found;
      product = world.store.products.get(price.product as string)!;
    } else if (data) {
      const unitAmount = data.integer("unit_amount");
      if (unitAmount === undefined) invalid(`Missing required param: line_items[${i}][price_data][unit_amount].`, `line_items[${i}][price_data][unit_amount]`, "parameter_missing");
      if (unitAmount < 0) invalid("This value must be greater than or equal to 0.", `line_items[${i}][price_data][unit_amount]`);
      const productId = data.string("product");
      if (productId) {
        const found = world.store.products.get(productId);
        if (!found) missing("product", productId, `line_items[${i}][price_data][product]`);
        product = found;
      } else {
        const productData = data.object("product_data");
        if (!productData) invalid(`You must specify either \`product\` or \`product_data\` when creating a price.`, `line_items[${i}][price_data]`, "parameter_missing");
        product = buildProduct({
          name: productData.requiredString("name"),
          description: productData.string("description"),
          metadata: productData.metadata(),
        });
        world.store.products.set(product.id, product);
      }
      const recurring = data.object("recurring");
      price = buildPrice({
        product: product.id,
        currency: data.requiredString("currency").toLowerCase(),
        unitAmount,
        recurring: recurring
          ? {
              interval: oneOf<Stripe.Price.Recurring.Interval>(recurring.requiredString("interval"), INTERVALS, `line_items[${i}][price_data][recurring][interval]`)!,
              intervalCount: recurring.integer("interval_count") ?? 1,
            }
          : undefined,
      });
      world.store.prices.set(price.id, price);
    } else {
      invalid("You must specify either `price` or `price_data` in each line item.", `line_items[${i}]`, "parameter_missing");
    }
    if (mode === "payment" && price.recurring) {
      invalid("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", `line_items[${i}]`);
    }
    if (currency !== undefined && price.currency !== currency) invalid("All line items must use the same currency.", `line_items[${i}]`);
    currency = price.currency;
    items.push(buildCheckoutItem(price, product, quantity));
  });
  if (mode === "subscription") {
    if (!items.some((item) => item.price?.recurring)) {
      invalid("You must provide at least one recurring price in `subscription` mode when using prices.", "line_items");
    }
    if (items.length !== 1) invalid("The local fake Stripe supports exactly one line item in `subscription` mode.", "line_items");
  }
  const amount = items.reduce((sum, item) => sum + item.amount_total, 0);
  if (currency === "usd" && amount < 50) {
    invalid("The Checkout Session's total amount due must add up to at least $0.50 usd", "line_items", "amount_too_small");
  }

  const customer = p.string("customer") ?? null;
  const customerEmail = p.string("customer_email") ?? null;
  if (customer && customerEmail) invalid("You may only specify one of these parameters: customer, customer_email.", "customer_email");
  if (customer && !world.store.customers.has(customer)) missing("customer", customer, "customer");
  const customerCreation = oneOf<Stripe.Checkout.Session.CustomerCreation>(p.string("customer_creation"), new Set(["always", "if_required"]), "customer_creation");
  if (customerCreation && mode !== "payment") invalid("`customer_creation` can only be used in `payment` mode.", "customer_creation");
  const submitType = oneOf<Stripe.Checkout.Session.SubmitType>(p.string("submit_type"), SUBMIT_TYPES, "submit_type");
  if (submitType && mode === "subscription" && submitType !== "auto" && submitType !== "subscribe") {
    invalid("`submit_type` can only be `auto` or `subscribe` in `subscription` mode.", "submit_type");
  }
  const pid = p.object("payment_intent_data");
  if (pid && mode !== "payment") invalid("You can not pass `payment_intent_data` in `subscription` mode.", "payment_intent_data");
  const sd = p.object("subscription_data");
  if (sd && mode !== "subscription") invalid("You can not pass `subscription_data` in `payment` mode.", "subscription_data");
  const clientReferenceId = p.string("client_reference_id") ?? null;
  if (clientReferenceId && clientReferenceId.length > 200) invalid("client_reference_id must be at most 200 characters.", "client_reference_id");
  const expiresAt = p.integer("expires_at") ?? null;
  if (expiresAt !== null) {
    const now = nowSeconds();
    if (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600 + 60) {
      invalid("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
    }
  }
  // Since API version 2026-10-28 Checkout takes a payment method configuration (the account's
  // default when none is named) filtered by allowed/excluded types; `payment_method_types` (an
  // explicit list) is still read for older callers.
  const legacyTypes = p.strings("payment_method_types");
  const allowed = p.strings("allowed_payment_method_types");
  const excluded = p.strings("excluded_payment_method_types");
  for (const [param, list] of [["payment_method_types", legacyTypes], ["allowed_payment_method_types", allowed], ["excluded_payment_method_types", excluded]] as const)
    for (const type of list) if (!PAYMENT_METHOD_TYPES.has(type)) invalid(`Invalid ${param}[]: ${type}`, param);
  const configuration = p.string("payment_method_configuration") ?? null;
  if (configuration && legacyTypes.length > 0)
    invalid("You cannot specify both `payment_method_types` and `payment_method_configuration`.", "payment_method_configuration");
  if (configuration && !/^pmc_[A-Za-z0-9]+$/.test(configuration)) missing("payment_method_configuration", configuration, "payment_method_configuration");
  const paymentMethodTypes = (legacyTypes.length > 0 ? legacyTypes : world.paymentMethodConfiguration(configuration)).filter(
    (type) => (allowed.length === 0 || allowed.includes(type)) && !excluded.includes(type),
  );
  if (paymentMethodTypes.length === 0)
    invalid("None of the payment methods this Checkout Session allows are turned on for this account.", allowed.length > 0 ? "allowed_payment_method_types" : "excluded_payment_method_types");

  const extras: SessionExtras = {
    items,
    paymentIntentData: {
      metadata: pid?.metadata() ?? {},
      description: pid?.string("description") ?? null,
      receiptEmail: pid?.string("receipt_email") ?? null,
      statementDescriptor: pid?.string("statement_descriptor") ?? null,
    },
    subscriptionData: { metadata: sd?.metadata() ?? {}, description: sd?.string("description") ?? null },
  };
  return world.createCheckoutSession(
    {
      mode,
      amount,
      currency: currency ?? "usd",
      successUrl: p.string("success_url") ?? null,
      cancelUrl: p.string("cancel_url") ?? null,
      customer,
      customerEmail,
      customerCreation: mode === "payment" ? (customerCreation ?? "if_required") : null,
      clientReferenceId,
      locale: oneOf<Stripe.Checkout.Session.Locale>(p.string("locale"), LOCALES, "locale") ?? null,
      metadata: p.metadata() ?? {},
      submitType: submitType ?? null,
      paymentMethodTypes,
      allowedPaymentMethodTypes: allowed.length > 0 ? allowed : null,
      paymentMethodConfiguration: configuration,
      expiresAt,
    },
    extras,
  );
}

export function listCheckoutSessions(world: World, p: Params): Stripe.Checkout.Session[] {
  const pi = p.string("payment_intent");
  const subscription = p.string("subscription");
  const customer = p.string("customer");
  const status = p.string("status");
  return [...world.store.sessions.values()]
    .filter((s) => (pi === undefined || s.payment_intent === pi) && (subscription === undefined || s.subscription === subscription))
    .filter((s) => (customer === undefined || s.customer === customer) && (status === undefined || s.status === status))
    .reverse();
}

export function listInvoicePayments(world: World, p: Params): Stripe.InvoicePayment[] {
  const invoice = p.string("invoice");
  const payment = p.object("payment");
  const pi = payment?.string("payment_intent");
  const status = p.string("status");
  return [...world.store.invoicePayments.values()]
    .filter((ip) => invoice === undefined || ip.invoice === invoice)
    .filter((ip) => pi === undefined || ip.payment.payment_intent === pi)
    .filter((ip) => status === undefined || ip.status === status)
    .reverse();
}

export function createRefund(world: World, p: Params, request: EventRequest): Stripe.Refund {
  return refund(
    world,
    {
      charge: p.string("charge"),
      paymentIntent: p.string("payment_intent"),
      amount: p.integer("amount"),
      reason: oneOf<Stripe.Refund.Reason>(p.string("reason"), REFUND_REASONS, "reason") ?? null,
      metadata: p.metadata() ?? {},
    },
    request,
  );
}

export function createPortalSession(world: World, p: Params): Stripe.BillingPortal.Session {
  return world.createPortalSession({
    customer: p.requiredString("customer"),
    returnUrl: p.string("return_url") ?? null,
    locale: p.string("locale") ?? null,
  });
}

export function updateSubscription(world: World, id: string, p: Params, request: EventRequest): Stripe.Subscription {
  // `pause_collection=` (empty) resumes; `pause_collection[behavior]=void|keep_as_draft|mark_uncollectible` pauses.
  const pause = p.has("pause_collection") ? p.object("pause_collection") ?? null : undefined;
  const behavior = pause ? oneOf<Stripe.Subscription.PauseCollection.Behavior>(pause.requiredString("behavior"), new Set(["void", "keep_as_draft", "mark_uncollectible"]), "pause_collection[behavior]")! : undefined;
  const [item, ...more] = p.array("items");
  if (more.length > 0) invalid("The local fake Stripe supports changing exactly one subscription item.", "items");
  const data = item?.object("price_data");
  const unitAmount = data?.integer("unit_amount");
  if (data && (unitAmount === undefined || unitAmount < 0)) invalid("Missing required param: items[0][price_data][unit_amount].", "items[0][price_data][unit_amount]", "parameter_missing");
  return world.updateSubscription(
    id,
    {
      metadata: p.metadata("metadata", true),
      cancelAtPeriodEnd: p.boolean("cancel_at_period_end"),
      description: p.string("description"),
      pauseCollection: pause === undefined ? undefined : pause && { behavior: behavior!, resumes_at: pause.integer("resumes_at") ?? null },
      itemPrice: item && data ? { itemId: item.requiredString("id"), product: data.requiredString("product"), currency: data.requiredString("currency"), unitAmount: unitAmount!, quantity: item.integer("quantity") } : undefined,
    },
    request,
  );
}

export function cancelSubscription(world: World, id: string, p: Params, request: EventRequest): Stripe.Subscription {
  return world.cancelSubscription(id, request, p.object("cancellation_details")?.string("comment") ?? null);
}

export function eventsQuery(p: Params): ListEventsQuery {
  const created = p.object("created");
  const exact = created ? undefined : p.integer("created");
  const type = p.string("type");
  return {
    limit: p.integer("limit"),
    startingAfter: p.string("starting_after"),
    endingBefore: p.string("ending_before"),
    created: created
      ? { gt: created.integer("gt"), gte: created.integer("gte"), lt: created.integer("lt"), lte: created.integer("lte") }
      : exact !== undefined
        ? { gte: exact, lte: exact }
        : undefined,
    types: type ? [type] : p.strings("types"),
  };
}
