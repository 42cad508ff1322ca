import type Stripe from "stripe";
import { buildInvoice, buildInvoicePayment, buildSubscription, finalizeInvoice, subscriptionItem } from "./billing";
import { customerDetails } from "./objects";
import { buildCharge, buildPaymentIntent } from "./payments";
import type { SessionExtras } from "./store";
import { newId, nowSeconds } from "./util";
import { FakeUsageError, type CompleteCheckoutResult, type World } from "./world";

/**
 * US bank account (ACH Direct Debit) on Checkout, as Stripe runs it: the donor finishes Checkout,
 * the session completes with `payment_status: "unpaid"` while the debit is processing, and days
 * later `checkout.session.async_payment_succeeded` (or `_failed`) says how it ended. The fee is
 * 0.8% capped at $5, attached when the money clears.
 */
type Debit = { pi: Stripe.PaymentIntent; charge: Stripe.Charge; invoice?: Stripe.Invoice; payment?: Stripe.InvoicePayment; subscription?: Stripe.Subscription };
const processing = new WeakMap<World, Map<string, Debit>>();
const debitsOf = (world: World) => {
  let map = processing.get(world);
  if (!map) processing.set(world, (map = new Map()));
  return map;
};

export const bankFee = (amount: number) => Math.min(500, Math.round((amount * 80) / 10_000));

function pendingCharge(pi: Stripe.PaymentIntent, paymentMethod: string, email: string): Stripe.Charge {
  const charge = buildCharge({ paymentIntent: pi, paymentMethod, email });
  Object.assign(charge, {
    status: "pending",
    paid: false,
    receipt_url: null,
    outcome: { network_status: "approved_by_network", reason: null, risk_level: "not_assessed", seller_message: "Payment complete.", type: "authorized" },
    payment_method_details: {
      type: "us_bank_account",
      us_bank_account: { account_holder_type: "individual", account_type: "checking", bank_name: "STRIPE TEST BANK", fingerprint: "FdNWMGyYNg8QuuWh", last4: "6789", routing_number: "110000000" },
    },
  });
  pi.status = "processing";
  pi.payment_method = paymentMethod;
  pi.payment_method_types = ["us_bank_account"];
  pi.latest_charge = charge.id;
  return charge;
}

export async function completeBankCheckout(
  world: World,
  session: Stripe.Checkout.Session,
  extras: SessionExtras,
  email: string,
  paymentMethod: string,
  existing: Stripe.Customer | undefined,
): Promise<CompleteCheckoutResult> {
  const payment = session.mode === "payment";
  const customer = existing ?? (payment ? undefined : world.newCustomer(email).customer);
  let debit: Debit;
  if (payment) {
    const pi = world.sessionPaymentIntent(session, extras, customer);
    debit = { pi, charge: pendingCharge(pi, paymentMethod, email) };
    Object.assign(session, { payment_intent: pi.id, customer: customer?.id ?? null });
  } else {
    const item = extras.items[0];
    const start = nowSeconds();
    const subscription = buildSubscription({
      customer: customer!.id,
      price: item.price!,
      quantity: item.quantity ?? 1,
      metadata: { ...extras.subscriptionData.metadata },
      description: extras.subscriptionData.description,
      paymentMethod,
      periodStart: start,
    });
    world.store.subscriptions.set(subscription.id, subscription);
    const si = subscriptionItem(subscription);
    const invoice = buildInvoice({
      subscription,
      customer: customer!,
      billingReason: "subscription_create",
      productName: world.productName(subscription),
      linePeriod: { start: si.current_period_start, end: si.current_period_end },
      period: { start, end: start },
    });
    world.store.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    void world.emit("customer.subscription.created", subscription);
    void world.emit("invoice.created", invoice);
    finalizeInvoice(invoice, customer!);
    void world.emit("invoice.finalized", invoice);
    invoice.attempted = true;
    invoice.attempt_count += 1;
    const pi = buildPaymentIntent({ amount: invoice.amount_due, currency: invoice.currency, customer: customer!.id, description: "Subscription creation", metadata: {}, receiptEmail: null, setupFutureUsage: "off_session" });
    world.store.paymentIntents.set(pi.id, pi);
    const invoicePayment = buildInvoicePayment(invoice, pi.id);
    world.store.invoicePayments.set(invoicePayment.id, invoicePayment);
    void world.emit("payment_intent.created", pi);
    debit = { pi, charge: pendingCharge(pi, paymentMethod, email), invoice, payment: invoicePayment, subscription };
    Object.assign(session, { customer: customer!.id, subscription: subscription.id, invoice: invoice.id });
  }
  world.store.charges.set(debit.charge.id, debit.charge);
  void world.emit("payment_intent.processing", debit.pi);
  void world.emit("charge.pending", debit.charge);
  session.status = "complete";
  session.payment_status = "unpaid";
  session.customer_details = customerDetails(email);
  session.collected_information = { business_name: null, individual_name: null, shipping_details: null };
  debitsOf(world).set(session.id, debit);
  await world.emit("checkout.session.completed", session);
  return { paymentIntentId: debit.pi.id, chargeId: debit.charge.id, subscriptionId: debit.subscription?.id, invoiceId: debit.invoice?.id, customerId: customer?.id };
}

export async function settleBankDebit(world: World, sessionId: string, opts: { fail?: boolean }): Promise<CompleteCheckoutResult> {
  const debit = debitsOf(world).get(sessionId);
  const session = world.store.sessions.get(sessionId);
  if (!debit || !session) throw new FakeUsageError(`Checkout Session ${sessionId} has no bank debit processing`);
  debitsOf(world).delete(sessionId);
  const { pi, charge, invoice, payment, subscription } = debit;
  const t = nowSeconds();
  if (opts.fail) {
    Object.assign(charge, { status: "failed", paid: false, captured: false, amount_captured: 0, failure_code: "insufficient_funds", failure_message: "The customer's account has insufficient funds to cover this payment." });
    pi.status = "requires_payment_method";
    pi.last_payment_error = { type: "invalid_request_error", code: "payment_intent_payment_attempt_failed", message: charge.failure_message ?? undefined, charge: charge.id } as Stripe.PaymentIntent.LastPaymentError;
    void world.emit("charge.failed", charge);
    void world.emit("payment_intent.payment_failed", pi);
    if (invoice) void world.emit("invoice.payment_failed", invoice);
    if (subscription) {
      subscription.status = "incomplete_expired";
      void world.emit("customer.subscription.updated", subscription, { status: "incomplete" });
    }
    await world.emit("checkout.session.async_payment_failed", session);
    return { paymentIntentId: pi.id, chargeId: charge.id, subscriptionId: subscription?.id, invoiceId: invoice?.id };
  }
  Object.assign(charge, { status: "succeeded", paid: true, receipt_url: `https://pay.stripe.com/receipts/payment/${newId("rcpt")}` });
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  void world.emit("charge.succeeded", charge);
  void world.emit("payment_intent.succeeded", pi);
  if (invoice && payment && subscription) {
    payment.status = "paid";
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = t;
    void world.emit("invoice_payment.paid", payment);
    Object.assign(invoice, { status: "paid", amount_paid: invoice.amount_due, amount_remaining: 0, next_payment_attempt: null });
    invoice.status_transitions.paid_at = t;
    void world.emit("invoice.paid", invoice);
    void world.emit("invoice.payment_succeeded", invoice);
    subscription.status = "active";
    void world.emit("customer.subscription.updated", subscription, { status: "incomplete" });
  }
  session.payment_status = "paid";
  await world.emit("checkout.session.async_payment_succeeded", session);
  await world.attachBalanceTransaction(charge, bankFee(charge.amount));
  return { paymentIntentId: pi.id, chargeId: charge.id, subscriptionId: subscription?.id, invoiceId: invoice?.id };
}
