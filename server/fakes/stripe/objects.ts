import type Stripe from "stripe";
import { overlay } from "./fixtures";
import { DAY, newId, nowSeconds, randomChars, TEST_ADDRESS, TEST_NAME, wireDecimal } from "./util";

/**
 * Builders for the Stripe objects the fake hands out. Each starts from a deep copy of Stripe's
 * published example (see fixtures.ts) and overlays ids, amounts, links and status. Fixture fields
 * that are placeholders in Stripe's examples (`transfer_data` pointing at `obj_123`, absurd
 * shipping costs, a `last_payment_error` on a fresh intent…) are reset to what a plain card
 * payment really carries.
 */

// ---------------------------------------------------------------------------------------------
// Catalog: products and (inline) prices made from `price_data`.

export function buildProduct(input: { name: string; description?: string; metadata?: Record<string, string> }): Stripe.Product {
  const created = nowSeconds();
  return overlay<Stripe.Product>("product", {
    id: newId("prod", 14),
    object: "product",
    active: false,
    created,
    updated: created,
    default_price: null,
    description: input.description ?? null,
    images: [],
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    unit_label: null,
    url: null,
    livemode: false,
  });
}

export function buildPrice(input: {
  product: string;
  currency: string;
  unitAmount: number;
  recurring?: { interval: Stripe.Price.Recurring.Interval; intervalCount: number };
}): Stripe.Price {
  return overlay<Stripe.Price>("price", {
    id: newId("price"),
    object: "price",
    active: false, // prices made inline from price_data are inactive, as on Stripe
    billing_scheme: "per_unit",
    created: nowSeconds(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: input.product,
    recurring: input.recurring
      ? { interval: input.recurring.interval, interval_count: input.recurring.intervalCount, meter: null, trial_period_days: null, usage_type: "licensed" }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? "recurring" : "one_time",
    unit_amount: input.unitAmount,
    unit_amount_decimal: wireDecimal(input.unitAmount),
  });
}

export function buildPlan(price: Stripe.Price): Stripe.Plan {
  return overlay<Stripe.Plan>("plan", {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  });
}

export function buildCheckoutItem(price: Stripe.Price, product: Stripe.Product, quantity: number): Stripe.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity;
  return overlay<Stripe.LineItem>("item", {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: product.name,
    metadata: {},
    price,
    quantity,
  });
}

// ---------------------------------------------------------------------------------------------
// Checkout Session

export type SessionInput = {
  mode: Stripe.Checkout.Session.Mode;
  amount: number;
  currency: string;
  /** The page that stands in for Checkout; given the success URL, so it can live beside it. */
  url: (id: string, successUrl: string | null) => string;
  successUrl: string | null;
  cancelUrl: string | null;
  customer: string | null;
  customerEmail: string | null;
  customerCreation: Stripe.Checkout.Session.CustomerCreation | null;
  clientReferenceId: string | null;
  locale: Stripe.Checkout.Session.Locale | null;
  metadata: Record<string, string>;
  submitType: Stripe.Checkout.Session.SubmitType | null;
  paymentMethodTypes: string[];
  /** The payment method configuration the session was created with (echoed in `payment_method_configuration_details`). */
  paymentMethodConfiguration: string | null;
  allowedPaymentMethodTypes: string[] | null;
  expiresAt: number | null;
};

export function buildCheckoutSession(input: SessionInput): Stripe.Checkout.Session {
  const id = `cs_test_${randomChars(58)}`;
  const created = nowSeconds();
  return overlay<Stripe.Checkout.Session>("checkout.session", {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    allow_promotion_codes: null,
    amount_subtotal: input.amount,
    amount_total: input.amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_creation: input.customerCreation,
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt ?? created + DAY,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      input.mode === "payment"
        ? {
            enabled: false,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: null,
              footer: null,
              issuer: null,
              metadata: {},
              rendering_options: null,
            },
          }
        : null,
    livemode: false,
    locale: input.locale,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === "subscription" ? "always" : null,
    payment_method_configuration_details: input.paymentMethodConfiguration ? { id: input.paymentMethodConfiguration, parent: null } : null,
    payment_method_options: {
      ...(input.paymentMethodTypes.includes("card") ? { card: { request_three_d_secure: "automatic" as const } } : {}),
      ...(input.paymentMethodTypes.includes("us_bank_account") ? { us_bank_account: { verification_method: "automatic" as const } } : {}),
    },
    payment_method_types: input.paymentMethodTypes,
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: input.submitType,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: input.url(id, input.successUrl),
    wallet_options: null,
  });
}

export function customerDetails(email: string): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: { ...TEST_ADDRESS },
    business_name: null,
    email,
    individual_name: null,
    name: TEST_NAME,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Customers

export function buildCustomer(input: { email: string | null; name?: string | null; metadata?: Record<string, string> }): Stripe.Customer {
  return overlay<Stripe.Customer>("customer", {
    id: newId("cus", 14),
    object: "customer",
    address: { ...TEST_ADDRESS },
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: input.email,
    invoice_prefix: randomChars(8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? TEST_NAME,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  });
}

export function buildPortalSession(input: { customer: string; returnUrl: string | null; url: (id: string, returnUrl: string | null) => string; locale: string | null }): Stripe.BillingPortal.Session {
  const id = newId("bps");
  return overlay<Stripe.BillingPortal.Session>("billing_portal.session", {
    id,
    object: "billing_portal.session",
    configuration: newId("bpc"),
    created: nowSeconds(),
    customer: input.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: (input.locale as Stripe.BillingPortal.Session.Locale | null) ?? null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: input.url(id, input.returnUrl),
  });
}
