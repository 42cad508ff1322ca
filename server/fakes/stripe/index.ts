import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { closeDispute, openDispute } from "./chargebacks";
import { EventLog } from "./events";
import { servePortal } from "./portal";
import { serveIssuingElements } from "./issuing-elements";
import { authorize, capture, refund, revealWithKey, type AuthorizeInput, type AuthorizeResult } from "./issuing";
import { createHttpServer } from "./server";
import { Store } from "./store";
import { WebhookDeliverer, type Delivery } from "./webhooks";
import { World, type CompleteCheckoutResult } from "./world";

/**
 * A local fake of the Stripe API that the real `stripe` SDK talks to (tests and demo mode; see
 * README.md in this folder). Point the SDK at `fake.url`:
 *
 *   const { hostname, port, protocol } = new URL(fake.url);
 *   new Stripe(key, { host: hostname, port: Number(port), protocol: "http" });
 */

export type FakeStripeOptions = {
  webhookSecret: string;
  webhookUrl?: string;
  /** Where a Checkout Session's `url` points (default `https://checkout.stripe.test/pay/<id>`). */
  checkoutUrl?: (sessionId: string, successUrl: string | null) => string;
  /** Where a billing portal session's `url` points (default `https://billing.stripe.test/p/session/<id>`). */
  portalUrl?: (portalSessionId: string, returnUrl: string | null) => string;
  /** 0 or unset: a free port. */
  port?: number;
  /** Card fee: round(amount × feePercent / 100) + feeFixedCents. Defaults 2.9 and 30. */
  feePercent?: number;
  feeFixedCents?: number;
  /** Fee Stripe charges when a dispute opens (default 1500); not returned when the dispute is won. */
  disputeFeeCents?: number;
  /** Issuing's synchronous endpoint for `issuing_authorization.request` (see issuing.ts). */
  issuingWebhookUrl?: string;
  /** Stripe waits this long for an authorization decision, then declines. Default 2000 ms. */
  issuingTimeoutMs?: number;
  /** Give up on a webhook delivery after this long (status 0). Default 10 000 ms. */
  webhookTimeoutMs?: number;
};

export type { AuthorizeInput, AuthorizeResult, CompleteCheckoutResult, Delivery };

export interface FakeStripe {
  /** e.g. `http://127.0.0.1:43121`; the app sets STRIPE_API_BASE to it. */
  url: string;
  stop(): Promise<void>;
  setWebhookUrl(url: string): void;
  setIssuingWebhookUrl(url: string): void;
  /** Money on the Issuing balance (a top-up from the bank, as the dashboard does). */
  fundIssuing(amountCents: number): void;
  /**
   * A merchant (USCIS by default: government_services, US) asks to charge the card. Stripe's
   * spending controls first, then the synchronous endpoint; resolves once
   * `issuing_authorization.created` has been delivered.
   */
  authorizeCard(cardId: string, input: AuthorizeInput): Promise<AuthorizeResult>;
  /** The merchant captures: `issuing_transaction.created` (capture), `issuing_authorization.updated`. */
  captureAuthorization(authorizationId: string): Promise<{ transactionId: string }>;
  /** The merchant refunds a capture: `issuing_transaction.created` (refund). */
  refundIssuingTransaction(transactionId: string): Promise<{ transactionId: string }>;
  /** The card's number for a live ephemeral key (the demo Issuing Elements stand-in only). */
  revealCard(ephemeralKeySecret: string): { number: string; cvc: string; last4: string; expMonth: number; expYear: number } | null;
  /**
   * What the donor does on Checkout and what Stripe does next. Resolves when the events have been
   * delivered. `fail`: the card is declined (the session stays open).
   */
  completeCheckout(sessionId: string, opts?: { fail?: boolean; method?: "card" | "us_bank_account" }): Promise<CompleteCheckoutResult>;
  /**
   * A Checkout completed with `method: "us_bank_account"` is processing: the debit clears
   * (checkout.session.async_payment_succeeded, then charge.updated with the 0.8% fee capped at $5)
   * or fails (checkout.session.async_payment_failed).
   */
  settleBankDebit(sessionId: string, opts?: { fail?: boolean }): Promise<CompleteCheckoutResult>;
  /** Which payment method types a payment method configuration turns on (`null`: the account's default; default: card, Link, US bank account). */
  setPaymentMethodConfiguration(id: string | null, types: string[]): void;
  /** The next period's invoice is paid: invoice.paid, charge.succeeded, then charge.updated with the fee. */
  renewSubscription(subscriptionId: string): Promise<{ invoiceId: string; chargeId: string }>;
  /** The next period's charge is declined: invoice.payment_failed; the subscription goes past_due. */
  failRenewal(subscriptionId: string): Promise<{ invoiceId: string }>;
  /** The donor's bank disputes the charge: charge.dispute.created, charge.dispute.funds_withdrawn. */
  openDispute(chargeId: string, opts?: { reason?: string }): Promise<{ disputeId: string }>;
  /** charge.dispute.closed (and charge.dispute.funds_reinstated when won). */
  closeDispute(disputeId: string, outcome: "won" | "lost"): Promise<void>;
  /** The donor cancels in the portal: customer.subscription.deleted. */
  cancelSubscription(subscriptionId: string): Promise<void>;
  /** Everything emitted, oldest first. */
  events: Stripe.Event[];
  /** Events are still recorded (and listed by GET /v1/events) but not POSTed; they are not sent later either. */
  pauseDeliveries(): void;
  resumeDeliveries(): void;
  /** POSTs the event again (even while paused); returns the HTTP status (0: no answer). */
  redeliver(eventId: string): Promise<number>;
  /** Every POST made, in order. */
  deliveries: Delivery[];
  /** Resolves when every queued delivery (including those caused by API calls) has been made. */
  idle(): Promise<void>;
  /** The Checkout Session as stored (for a demo checkout page), or undefined. */
  getCheckoutSession(sessionId: string): Stripe.Checkout.Session | undefined;
  /** The demo Issuing Elements stand-in (issuing-elements.ts): for the app to serve at `/demo-issuing-elements`. */
  serveIssuingElements(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The demo customer portal (portal.ts): for the app to serve at `/demo-portal/*`. */
  servePortal(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The session's success or cancel URL with `{CHECKOUT_SESSION_ID}` filled in, as Checkout redirects. */
  redirectUrl(sessionId: string, outcome: "success" | "cancel"): string | null;
}

export async function startFakeStripe(options: FakeStripeOptions): Promise<FakeStripe> {
  const store = new Store();
  const log = new EventLog();
  const webhooks = new WebhookDeliverer(options.webhookSecret, options.webhookTimeoutMs ?? 10_000, (event, status) => {
    if (status >= 200 && status < 300) event.pending_webhooks = 0;
  });
  webhooks.url = options.webhookUrl;
  const world = new World(
    store,
    log,
    webhooks,
    { percent: options.feePercent ?? 2.9, fixedCents: options.feeFixedCents ?? 30, disputeFeeCents: options.disputeFeeCents ?? 1500 },
    {
      checkout: options.checkoutUrl ?? ((id) => `https://checkout.stripe.test/pay/${id}`),
      portal: options.portalUrl ?? ((id) => `https://billing.stripe.test/p/session/${id}`),
    },
  );

  world.issuingEndpoint = { url: options.issuingWebhookUrl, secret: options.webhookSecret, timeoutMs: options.issuingTimeoutMs ?? 2000 };
  const redeliver = (eventId: string): Promise<number> => {
    const event = log.events.find((e) => e.id === eventId);
    if (!event) return Promise.reject(new Error(`No such event: ${eventId}`));
    return webhooks.redeliver(event);
  };

  const server = createHttpServer(world, {
    completeCheckout: (id, opts) => world.completeCheckout(id, opts),
    settleBankDebit: (id, opts) => world.settleBankDebit(id, opts),
    renewSubscription: (id) => world.renewSubscription(id),
    failRenewal: (id) => world.failRenewal(id),
    openDispute: (id) => openDispute(world, id),
    closeDispute: (id, outcome) => closeDispute(world, id, outcome),
    redeliver,
    authorize: (id, input) => authorize(world, id, input),
    capture: (id) => capture(world, id),
    refundIssuing: (id) => refund(world, id),
    fundIssuing: async (amount) => {
      world.issuingBalanceCents += amount;
      return world.balance();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await webhooks.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    setWebhookUrl(url) {
      webhooks.url = url;
    },
    setIssuingWebhookUrl(url) {
      world.issuingEndpoint.url = url;
    },
    fundIssuing(amount) {
      world.issuingBalanceCents += amount;
    },
    authorizeCard: (id, input) => authorize(world, id, input),
    captureAuthorization: (id) => capture(world, id),
    refundIssuingTransaction: (id) => refund(world, id),
    revealCard(secret) {
      const found = revealWithKey(world, secret);
      return found ? { number: found.number, cvc: found.cvc, last4: found.card.last4, expMonth: found.card.exp_month, expYear: found.card.exp_year } : null;
    },
    completeCheckout: (id, opts) => world.completeCheckout(id, opts),
    settleBankDebit: (id, opts) => world.settleBankDebit(id, opts),
    setPaymentMethodConfiguration: (id, types) => void world.paymentMethodConfigurations.set(id, types),
    renewSubscription: (id) => world.renewSubscription(id),
    failRenewal: (id) => world.failRenewal(id),
    openDispute: (id, opts) => openDispute(world, id, opts),
    closeDispute: (id, outcome) => closeDispute(world, id, outcome),
    async cancelSubscription(id) {
      world.cancelSubscription(id);
      await webhooks.idle();
    },
    events: log.events,
    pauseDeliveries() {
      webhooks.paused = true;
    },
    resumeDeliveries() {
      webhooks.paused = false;
    },
    redeliver,
    deliveries: webhooks.deliveries,
    idle: () => webhooks.idle(),
    getCheckoutSession: (id) => store.sessions.get(id),
    servePortal: (req, res) => servePortal(world, req, res),
    serveIssuingElements: (req, res) => serveIssuingElements(world, req, res),
    redirectUrl(id, outcome) {
      const session = store.sessions.get(id);
      const url = outcome === "success" ? session?.success_url : session?.cancel_url;
      return url ? url.replace(/\{CHECKOUT_SESSION_ID\}/g, id) : null;
    },
  };
}
