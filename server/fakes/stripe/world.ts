import type Stripe from "stripe";
import { invalid, missing } from "./errors";
import type { EventLog, EventRequest } from "./events";
import { toJson } from "./fixtures";
import { buildInvoice, buildInvoicePayment, buildSubscription, finalizeInvoice, subscriptionItem } from "./billing";
import { buildCheckoutSession, buildCustomer, buildPlan, buildPortalSession, buildPrice, customerDetails, type SessionInput } from "./objects";
import { buildBalanceTransaction, buildCharge, buildPaymentIntent, declineError } from "./payments";
import { addMonths, cardFee, DEFAULT_DONOR_EMAIL, newId, nowSeconds, type Fees } from "./util";
import type { SessionExtras, Store } from "./store";
import type { WebhookDeliverer } from "./webhooks";
import { askEndpoint } from "./issuing";
import { completeBankCheckout, settleBankDebit } from "./bank";

export type CompleteCheckoutResult = {
  paymentIntentId?: string;
  chargeId?: string;
  subscriptionId?: string;
  invoiceId?: string;
  customerId?: string;
};

/** A driver call on something that does not exist or is in the wrong state (a bug in the test). */
export class FakeUsageError extends Error {}

/**
 * The state machine behind the fake: what Stripe does to its objects when a donor pays, a
 * subscription renews, a refund is asked for or a cardholder disputes — and the events it emits,
 * in the order Stripe emits them. Driver methods (completeCheckout, renewSubscription, …) resolve
 * once their events have been delivered; API calls return at once and deliver in the background.
 */
export class World {
  constructor(
    readonly store: Store,
    readonly log: EventLog,
    readonly webhooks: WebhookDeliverer,
    readonly fees: Fees,
    readonly urls: { checkout: (id: string, successUrl: string | null) => string; portal: (id: string, returnUrl: string | null) => string },
  ) {}

  /** Money on the Issuing balance (topped up by `fundIssuing`; captures spend it, refunds return it). */
  issuingBalanceCents = 0;

  balance(): Stripe.Balance {
    return {
      object: "balance",
      available: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
      pending: [{ amount: 0, currency: "usd", source_types: { card: 0 } }],
      issuing: { available: [{ amount: this.issuingBalanceCents, currency: "usd" }] },
      livemode: false,
    } as Stripe.Balance;
  }

  /** Issuing's synchronous endpoint (authorization requests only); unset: every request is declined. */
  issuingEndpoint: { url: string | undefined; secret: string; timeoutMs: number } = { url: undefined, secret: "", timeoutMs: 2000 };

  // -------------------------------------------------------------------------------------------
  // Events

  /** `issuing_authorization.request`: logged like every event, sent to the synchronous endpoint, answered there. */
  async askIssuing(authorization: Stripe.Issuing.Authorization): Promise<{ status: number; approved: boolean }> {
    const event = this.log.create({ type: "issuing_authorization.request", object: authorization, pendingWebhooks: this.issuingEndpoint.url ? 1 : 0 });
    const answer = await askEndpoint(this.issuingEndpoint.url, this.issuingEndpoint.secret, event, this.issuingEndpoint.timeoutMs);
    if (answer.status === 200) event.pending_webhooks = 0;
    return answer;
  }

  /** Records an event and queues its delivery; resolves once it has been delivered (or skipped). */
  emit(type: Stripe.Event["type"], object: object, previousAttributes?: Record<string, unknown>, request?: EventRequest): Promise<void> {
    const event = this.log.create({
      type,
      object,
      previousAttributes,
      request,
      pendingWebhooks: this.webhooks.url ? 1 : 0,
    });
    return this.webhooks.enqueue(event);
  }

  // -------------------------------------------------------------------------------------------
  // Payment method configurations

  /**
   * What a payment method configuration turns on (`null`: the account's default one): cards (with
   * Apple Pay and Google Pay), Link and US bank accounts unless set otherwise.
   */
  readonly paymentMethodConfigurations = new Map<string | null, string[]>();
  paymentMethodConfiguration(id: string | null): string[] {
    return this.paymentMethodConfigurations.get(id) ?? ["card", "link", "us_bank_account"];
  }

  // -------------------------------------------------------------------------------------------
  // Checkout Sessions (API)

  createCheckoutSession(input: Omit<SessionInput, "url">, extras: SessionExtras): Stripe.Checkout.Session {
    const session = buildCheckoutSession({ ...input, url: this.urls.checkout });
    for (const item of extras.items) {
      item.id = newId("li");
    }
    this.store.sessions.set(session.id, session);
    this.store.sessionExtras.set(session.id, extras);
    return session;
  }

  session(id: string): Stripe.Checkout.Session {
    const session = this.store.sessions.get(id);
    if (!session) missing("checkout.session", id, "session");
    return session;
  }

  expireCheckoutSession(id: string, request?: EventRequest): Stripe.Checkout.Session {
    const session = this.session(id);
    if (session.status !== "open") {
      invalid(`Only Checkout Sessions with a status in ["open"] can be expired.`, undefined, "checkout_session_not_open");
    }
    session.status = "expired";
    session.url = null;
    void this.emit("checkout.session.expired", session, undefined, request);
    return session;
  }

  // -------------------------------------------------------------------------------------------
  // Checkout completion (driver)

  async completeCheckout(sessionId: string, opts: { fail?: boolean; method?: "card" | "us_bank_account" } = {}): Promise<CompleteCheckoutResult> {
    const session = this.store.sessions.get(sessionId);
    if (!session) throw new FakeUsageError(`No such checkout.session: ${sessionId}`);
    if (session.status !== "open") throw new FakeUsageError(`Checkout Session ${sessionId} is ${session.status}, not open`);
    if (session.expires_at < nowSeconds()) throw new FakeUsageError(`Checkout Session ${sessionId} has expired`);
    const extras = this.store.sessionExtras.get(sessionId)!;
    const existing = typeof session.customer === "string" ? this.store.customers.get(session.customer) : undefined;
    const email = session.customer_email ?? existing?.email ?? DEFAULT_DONOR_EMAIL;
    const paymentMethod = newId("pm");
    const method = opts.method ?? "card";
    if (!session.payment_method_types.includes(method)) throw new FakeUsageError(`Checkout Session ${sessionId} does not offer ${method}`);
    if (method === "us_bank_account") return completeBankCheckout(this, session, extras, email, paymentMethod, existing);
    if (opts.fail) return this.declineCheckout(session, extras, email, paymentMethod);
    if (session.mode === "subscription") return this.completeSubscriptionCheckout(session, extras, email, paymentMethod, existing);
    return this.completePaymentCheckout(session, extras, email, paymentMethod, existing);
  }

  /** The bank debit of a completed Checkout Session clears (or fails) a few days later. */
  settleBankDebit(sessionId: string, opts: { fail?: boolean } = {}): Promise<CompleteCheckoutResult> {
    return settleBankDebit(this, sessionId, opts);
  }

  newCustomer(email: string): { customer: Stripe.Customer; created: Promise<void> } {
    const customer = buildCustomer({ email });
    this.store.customers.set(customer.id, customer);
    return { customer, created: this.emit("customer.created", customer) };
  }

  /** The PaymentIntent a one-time Checkout Session makes when the donor pays (card or bank). */
  sessionPaymentIntent(session: Stripe.Checkout.Session, extras: SessionExtras, customer: Stripe.Customer | undefined): Stripe.PaymentIntent {
    const pi = buildPaymentIntent({
      amount: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customer: customer?.id ?? null,
      description: extras.paymentIntentData.description,
      metadata: { ...extras.paymentIntentData.metadata },
      receiptEmail: extras.paymentIntentData.receiptEmail,
      statementDescriptor: extras.paymentIntentData.statementDescriptor,
    });
    this.store.paymentIntents.set(pi.id, pi);
    void this.emit("payment_intent.created", pi);
    return pi;
  }

  completeSession(session: Stripe.Checkout.Session, email: string, links: Partial<Stripe.Checkout.Session>): void {
    Object.assign(session, links);
    session.status = "complete";
    session.payment_status = "paid";
    session.customer_details = customerDetails(email);
    session.collected_information = { business_name: null, individual_name: null, shipping_details: null };
  }

  /** Card declined on the Checkout page: the session stays open; the donor may try again. */
  private async declineCheckout(
    session: Stripe.Checkout.Session,
    extras: SessionExtras,
    email: string,
    paymentMethod: string,
  ): Promise<CompleteCheckoutResult> {
    const payment = session.mode === "payment";
    const pi = buildPaymentIntent({
      amount: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customer: typeof session.customer === "string" ? session.customer : null,
      description: payment ? extras.paymentIntentData.description : "Subscription creation",
      metadata: payment ? { ...extras.paymentIntentData.metadata } : {},
      receiptEmail: payment ? extras.paymentIntentData.receiptEmail : null,
      statementDescriptor: payment ? extras.paymentIntentData.statementDescriptor : null,
    });
    this.store.paymentIntents.set(pi.id, pi);
    if (payment) session.payment_intent = pi.id;
    void this.emit("payment_intent.created", pi);
    const charge = buildCharge({ paymentIntent: pi, paymentMethod, email, failed: true });
    this.store.charges.set(charge.id, charge);
    pi.latest_charge = charge.id;
    pi.last_payment_error = declineError(charge.id, paymentMethod);
    void this.emit("charge.failed", charge);
    await this.emit("payment_intent.payment_failed", pi);
    return { paymentIntentId: pi.id, chargeId: charge.id };
  }

  private async completePaymentCheckout(
    session: Stripe.Checkout.Session,
    extras: SessionExtras,
    email: string,
    paymentMethod: string,
    existing: Stripe.Customer | undefined,
  ): Promise<CompleteCheckoutResult> {
    let customer = existing;
    if (!customer && session.customer_creation === "always") customer = this.newCustomer(email).customer;
    const pi = this.sessionPaymentIntent(session, extras, customer);
    const charge = this.succeed(pi, paymentMethod, email);
    void this.emit("payment_intent.succeeded", pi);
    void this.emit("charge.succeeded", charge);
    this.completeSession(session, email, { payment_intent: pi.id, customer: customer?.id ?? null });
    await this.emit("checkout.session.completed", session);
    await this.attachBalanceTransaction(charge);
    return { paymentIntentId: pi.id, chargeId: charge.id, customerId: customer?.id };
  }

  private async completeSubscriptionCheckout(
    session: Stripe.Checkout.Session,
    extras: SessionExtras,
    email: string,
    paymentMethod: string,
    existing: Stripe.Customer | undefined,
  ): Promise<CompleteCheckoutResult> {
    const customer = existing ?? this.newCustomer(email).customer;
    const item = extras.items[0];
    const start = nowSeconds();
    const subscription = buildSubscription({
      customer: customer.id,
      price: item.price!,
      quantity: item.quantity ?? 1,
      metadata: { ...extras.subscriptionData.metadata },
      description: extras.subscriptionData.description,
      paymentMethod,
      periodStart: start,
    });
    this.store.subscriptions.set(subscription.id, subscription);
    const si = subscriptionItem(subscription);
    const invoice = buildInvoice({
      subscription,
      customer,
      billingReason: "subscription_create",
      productName: this.productName(subscription),
      linePeriod: { start: si.current_period_start, end: si.current_period_end },
      period: { start, end: start },
    });
    this.store.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    void this.emit("customer.subscription.created", subscription);
    const { charge, paymentIntent } = this.chargeInvoice(invoice, subscription, customer, "Subscription creation", false);
    subscription.status = "active";
    void this.emit("customer.subscription.updated", subscription, { status: "incomplete" });
    this.completeSession(session, email, { customer: customer.id, subscription: subscription.id, invoice: invoice.id });
    await this.emit("checkout.session.completed", session);
    await this.attachBalanceTransaction(charge);
    return {
      paymentIntentId: paymentIntent.id,
      chargeId: charge.id,
      subscriptionId: subscription.id,
      invoiceId: invoice.id,
      customerId: customer.id,
    };
  }

  /** Marks the intent succeeded with a new successful charge (balance transaction not yet attached). */
  succeed(pi: Stripe.PaymentIntent, paymentMethod: string, email: string | null): Stripe.Charge {
    const charge = buildCharge({ paymentIntent: pi, paymentMethod, email });
    this.store.charges.set(charge.id, charge);
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.latest_charge = charge.id;
    pi.payment_method = paymentMethod;
    return charge;
  }

  /**
   * Stripe settles the fee a moment after the charge: the charge first goes out with
   * `balance_transaction: null`, then `charge.updated` carries the balance transaction.
   */
  async attachBalanceTransaction(charge: Stripe.Charge, fee = cardFee(charge.amount, this.fees.percent, this.fees.fixedCents)): Promise<void> {
    const txn = buildBalanceTransaction({
      amount: charge.amount,
      fee,
      feeDescription: "Stripe processing fees",
      currency: charge.currency,
      source: charge.id,
      type: "charge",
      reportingCategory: "charge",
      description: charge.description,
    });
    this.store.balanceTransactions.set(txn.id, txn);
    charge.balance_transaction = txn.id;
    await this.emit("charge.updated", charge, { balance_transaction: null });
  }

  // -------------------------------------------------------------------------------------------
  // Invoices (subscription create / cycle)

  private chargeInvoice(
    invoice: Stripe.Invoice,
    subscription: Stripe.Subscription,
    customer: Stripe.Customer,
    description: string,
    fail: boolean,
  ): { charge: Stripe.Charge; paymentIntent: Stripe.PaymentIntent; done: Promise<void> } {
    void this.emit("invoice.created", invoice);
    finalizeInvoice(invoice, customer);
    void this.emit("invoice.finalized", invoice);
    const pi = buildPaymentIntent({
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customer.id,
      description,
      metadata: {},
      receiptEmail: null,
      setupFutureUsage: invoice.billing_reason === "subscription_create" ? "off_session" : null,
    });
    this.store.paymentIntents.set(pi.id, pi);
    const payment = buildInvoicePayment(invoice, pi.id);
    this.store.invoicePayments.set(payment.id, payment);
    void this.emit("payment_intent.created", pi);
    const paymentMethod = typeof subscription.default_payment_method === "string" ? subscription.default_payment_method : newId("pm");
    const t = nowSeconds();
    invoice.attempted = true;
    invoice.attempt_count += 1;
    if (fail) {
      const charge = buildCharge({ paymentIntent: pi, paymentMethod, email: customer.email, failed: true });
      this.store.charges.set(charge.id, charge);
      pi.latest_charge = charge.id;
      pi.last_payment_error = declineError(charge.id, paymentMethod);
      void this.emit("charge.failed", charge);
      void this.emit("payment_intent.payment_failed", pi);
      invoice.next_payment_attempt = t + 3 * 86_400;
      const done = this.emit("invoice.payment_failed", invoice);
      return { charge, paymentIntent: pi, done };
    }
    const charge = this.succeed(pi, paymentMethod, customer.email);
    void this.emit("payment_intent.succeeded", pi);
    void this.emit("charge.succeeded", charge);
    payment.status = "paid";
    payment.amount_paid = invoice.amount_due;
    payment.status_transitions.paid_at = t;
    void this.emit("invoice_payment.paid", payment);
    invoice.status = "paid";
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.next_payment_attempt = null;
    invoice.status_transitions.paid_at = t;
    void this.emit("invoice.paid", invoice);
    const done = this.emit("invoice.payment_succeeded", invoice);
    return { charge, paymentIntent: pi, done };
  }

  productName(subscription: Stripe.Subscription): string {
    const product = subscriptionItem(subscription).price.product;
    return this.store.products.get(typeof product === "string" ? product : product.id)?.name ?? "Subscription";
  }

  private subscriptionForDriver(id: string): Stripe.Subscription {
    const subscription = this.store.subscriptions.get(id);
    if (!subscription) throw new FakeUsageError(`No such subscription: ${id}`);
    if (subscription.status !== "active" && subscription.status !== "past_due") {
      throw new FakeUsageError(`Subscription ${id} is ${subscription.status}; only active or past_due subscriptions renew`);
    }
    return subscription;
  }

  /** Starts the next period and bills it (billing_reason `subscription_cycle`). */
  private async cycle(subscriptionId: string, fail: boolean): Promise<{ invoice: Stripe.Invoice; charge: Stripe.Charge }> {
    const subscription = this.subscriptionForDriver(subscriptionId);
    // Stripe voids (or holds) a paused subscription's invoices: there is no charge to simulate.
    if (subscription.pause_collection) throw new FakeUsageError(`${subscriptionId} has pause_collection set: no renewal is charged while paused`);
    const customer = this.store.customers.get(subscription.customer as string)!;
    const item = subscriptionItem(subscription);
    const previous = { items: toJson(subscription.items), latest_invoice: subscription.latest_invoice };
    const ended = { start: item.current_period_start, end: item.current_period_end };
    item.current_period_start = ended.end;
    item.current_period_end = addMonths(ended.end, item.price.recurring?.interval_count ?? 1);
    const invoice = buildInvoice({
      subscription,
      customer,
      billingReason: "subscription_cycle",
      productName: this.productName(subscription),
      linePeriod: { start: item.current_period_start, end: item.current_period_end },
      period: ended,
    });
    this.store.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    void this.emit("customer.subscription.updated", subscription, previous);
    const { charge, done } = this.chargeInvoice(invoice, subscription, customer, "Subscription update", fail);
    let last = done;
    const status = subscription.status;
    const next: Stripe.Subscription.Status = fail ? "past_due" : "active";
    if (status !== next) {
      subscription.status = next;
      last = this.emit("customer.subscription.updated", subscription, { status });
    }
    await last;
    if (!fail) await this.attachBalanceTransaction(charge);
    return { invoice, charge };
  }

  async renewSubscription(subscriptionId: string): Promise<{ invoiceId: string; chargeId: string }> {
    const { invoice, charge } = await this.cycle(subscriptionId, false);
    return { invoiceId: invoice.id, chargeId: charge.id };
  }

  async failRenewal(subscriptionId: string): Promise<{ invoiceId: string }> {
    const { invoice } = await this.cycle(subscriptionId, true);
    return { invoiceId: invoice.id };
  }

  // -------------------------------------------------------------------------------------------
  // Subscriptions (API)

  subscription(id: string): Stripe.Subscription {
    const subscription = this.store.subscriptions.get(id);
    if (!subscription) missing("subscription", id);
    return subscription;
  }

  cancelSubscription(id: string, request?: EventRequest, comment: string | null = null): Stripe.Subscription {
    const subscription = this.subscription(id);
    if (subscription.status === "canceled") {
      invalid(`A canceled subscription can only update its cancellation_details and metadata.`, undefined, "subscription_canceled");
    }
    const t = nowSeconds();
    subscription.status = "canceled";
    subscription.canceled_at = t;
    subscription.ended_at = t;
    subscription.cancel_at_period_end = false;
    subscription.cancellation_details = { comment, feedback: null, feedback_option: null, reason: "cancellation_requested" };
    void this.emit("customer.subscription.deleted", subscription, undefined, request);
    return subscription;
  }

  updateSubscription(
    id: string,
    changes: {
      metadata?: Record<string, string>;
      cancelAtPeriodEnd?: boolean;
      description?: string;
      /** null resumes collection. */
      pauseCollection?: Stripe.Subscription.PauseCollection | null;
      itemPrice?: { itemId: string; product: string; currency: string; unitAmount: number; quantity?: number };
    },
    request?: EventRequest,
  ): Stripe.Subscription {
    const subscription = this.subscription(id);
    const previous: Record<string, unknown> = {};
    if (changes.metadata) {
      previous.metadata = { ...subscription.metadata };
      const metadata = { ...subscription.metadata, ...changes.metadata };
      for (const [key, value] of Object.entries(changes.metadata)) if (value === "") delete metadata[key];
      subscription.metadata = metadata;
    }
    if (changes.cancelAtPeriodEnd !== undefined && changes.cancelAtPeriodEnd !== subscription.cancel_at_period_end) {
      if (subscription.status === "canceled") invalid(`A canceled subscription can only update its cancellation_details and metadata.`);
      previous.cancel_at_period_end = subscription.cancel_at_period_end;
      previous.cancel_at = subscription.cancel_at;
      subscription.cancel_at_period_end = changes.cancelAtPeriodEnd;
      subscription.cancel_at = changes.cancelAtPeriodEnd ? subscriptionItem(subscription).current_period_end : null;
    }
    if (changes.pauseCollection !== undefined || changes.itemPrice) {
      if (subscription.status === "canceled") invalid(`A canceled subscription can only update its cancellation_details and metadata.`, undefined, "subscription_canceled");
    }
    if (changes.pauseCollection !== undefined) {
      previous.pause_collection = subscription.pause_collection;
      subscription.pause_collection = changes.pauseCollection;
    }
    if (changes.itemPrice) {
      const item = subscriptionItem(subscription);
      if (item.id !== changes.itemPrice.itemId) missing("subscription_item", changes.itemPrice.itemId, "items[0][id]");
      const old = item.price;
      const price = buildPrice({
        product: changes.itemPrice.product,
        currency: changes.itemPrice.currency,
        unitAmount: changes.itemPrice.unitAmount,
        recurring: { interval: old.recurring?.interval ?? "month", intervalCount: old.recurring?.interval_count ?? 1 },
      });
      this.store.prices.set(price.id, price);
      previous.items = { ...subscription.items, data: [{ ...item }] };
      item.price = price;
      item.plan = buildPlan(price);
      if (changes.itemPrice.quantity !== undefined) item.quantity = changes.itemPrice.quantity;
    }
    if (changes.description !== undefined) {
      previous.description = subscription.description;
      subscription.description = changes.description;
    }
    if (Object.keys(previous).length > 0) void this.emit("customer.subscription.updated", subscription, previous, request);
    return subscription;
  }

  createPortalSession(input: { customer: string; returnUrl: string | null; locale: string | null }): Stripe.BillingPortal.Session {
    if (!this.store.customers.has(input.customer)) missing("customer", input.customer, "customer");
    const session = buildPortalSession({ ...input, url: this.urls.portal });
    this.store.portalSessions.set(session.id, session);
    return session;
  }
}
