import type Stripe from "stripe";
import { overlay } from "./fixtures";
import { addMonths, newId, nowSeconds, randomChars } from "./util";
import { buildPlan } from "./objects";

/** Builders for subscriptions, invoices and invoice payments (see objects.ts). */

// ---------------------------------------------------------------------------------------------
// Subscriptions, invoices, invoice payments

export function buildSubscription(input: {
  customer: string;
  price: Stripe.Price;
  quantity: number;
  metadata: Record<string, string>;
  description: string | null;
  paymentMethod: string;
  periodStart: number;
}): Stripe.Subscription {
  const id = newId("sub");
  const periodEnd = addMonths(input.periodStart, input.price.recurring?.interval_count ?? 1);
  const item = overlay<Stripe.SubscriptionItem>("subscription_item", {
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: input.periodStart,
    current_period_end: periodEnd,
    current_period_start: input.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: buildPlan(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: id,
    tax_rates: [],
  });
  return overlay<Stripe.Subscription>("subscription", {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.periodStart,
    billing_cycle_anchor_config: null,
    billing_mode: { type: "flexible", flexible: { proration_discounts: "included" } },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: input.periodStart,
    currency: input.price.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.paymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: input.periodStart,
    status: "incomplete",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  });
}

export function subscriptionItem(subscription: Stripe.Subscription): Stripe.SubscriptionItem {
  return subscription.items.data[0];
}

export function buildInvoice(input: {
  subscription: Stripe.Subscription;
  customer: Stripe.Customer;
  billingReason: Stripe.Invoice.BillingReason;
  productName: string;
  /** The period the line item bills (the subscription's new current period). */
  linePeriod: { start: number; end: number };
  /** The invoice's own period (for a renewal: the period that just ended). */
  period: { start: number; end: number };
}): Stripe.Invoice {
  const id = newId("in");
  const created = nowSeconds();
  const item = subscriptionItem(input.subscription);
  const price = item.price;
  const quantity = item.quantity ?? 1;
  const amount = (price.unit_amount ?? 0) * quantity;
  const sequence = input.customer.next_invoice_sequence ?? 1;
  input.customer.next_invoice_sequence = sequence + 1;
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const line = overlay<Stripe.InvoiceLineItem>("line_item", {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: price.currency,
    description: `${quantity} × ${input.productName} (at $${((price.unit_amount ?? 0) / 100).toFixed(2)} / ${price.recurring?.interval ?? "month"})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: { ...input.subscription.metadata },
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: input.subscription.id,
        subscription_item: item.id,
      },
    },
    period: { start: input.linePeriod.start, end: input.linePeriod.end },
    pretax_credit_amounts: [],
    pricing: { type: "price_details", price_details: { price: price.id, product: productId }, unit_amount_decimal: price.unit_amount_decimal },
    quantity,
    subscription: input.subscription.id,
    subtotal: amount,
    taxes: [],
  });
  const invoice = overlay<Stripe.Invoice>("invoice", {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Fondo (demo)",
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
    created,
    currency: price.currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: input.customer.address ?? null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: [line], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...input.subscription.metadata }, subscription: input.subscription.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: amount,
    subtotal_excluding_tax: amount,
    test_clock: null,
    total: amount,
    total_discount_amounts: [],
    total_excluding_tax: amount,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  });
  // Since API version 2025-03-31 an invoice names its subscription only under `parent`.
  delete (invoice as unknown as Record<string, unknown>).subscription;
  return invoice;
}

export function finalizeInvoice(invoice: Stripe.Invoice, customer: Stripe.Customer): void {
  const t = nowSeconds();
  invoice.status = "open";
  invoice.number = `${customer.invoice_prefix ?? "FONDO"}-${String((customer.next_invoice_sequence ?? 2) - 1).padStart(4, "0")}`;
  invoice.effective_at = t;
  invoice.status_transitions.finalized_at = t;
  invoice.hosted_invoice_url = `https://invoice.stripe.com/i/acct_fondo/test_${randomChars(40)}`;
  invoice.invoice_pdf = `https://pay.stripe.com/invoice/acct_fondo/test_${randomChars(40)}/pdf`;
  invoice.webhooks_delivered_at = t;
}

export function buildInvoicePayment(invoice: Stripe.Invoice, paymentIntent: string): Stripe.InvoicePayment {
  return overlay<Stripe.InvoicePayment>("invoice_payment", {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: nowSeconds(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntent },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  });
}
