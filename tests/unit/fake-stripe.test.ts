import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixture, type FixtureType } from "../../server/fakes/stripe/fixtures";
import { startFakeStripe, type FakeStripe } from "../../server/fakes/stripe/index";

/**
 * The local fake Stripe, driven by the real SDK, with a tiny webhook receiver that verifies every
 * delivery with `stripe.webhooks.constructEvent` exactly as the app does.
 */

const secret = "whsec_fake_stripe_unit_test";
type Received = { event: Stripe.Event; raw: string; signature: string };

let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
let rejected = 0;
let receiverStatus = 200;

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["stripe-signature"] ?? "");
      try {
        const event = Stripe.webhooks.constructEvent(raw, signature, secret);
        received.push({ event, raw, signature });
        res.writeHead(receiverStatus).end();
      } catch {
        rejected++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
  received = [];
  rejected = 0;
  receiverStatus = 200;
  fake = await startFakeStripe({ webhookSecret: secret, webhookUrl: receiverUrl });
  const { hostname, port } = new URL(fake.url);
  // Exactly how the app points the SDK at STRIPE_API_BASE.
  stripe = new Stripe("sk_test_fake", { host: hostname, port: Number(port), protocol: "http" });
});

afterEach(async () => {
  await fake.stop();
});

const types = () => received.map((r) => r.event.type);
const find = (type: string) => received.find((r) => r.event.type === type)?.event;
const objectOf = <T>(event: Stripe.Event | undefined): T => event!.data.object as unknown as T;

function donation(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    submit_type: "donate",
    customer_email: "ana@example.com",
    locale: "es",
    client_reference_id: "donation-1",
    line_items: [
      { quantity: 1, price_data: { currency: "usd", unit_amount: 5550, product_data: { name: "Gift to the DACA fund" } } },
      { quantity: 1, price_data: { currency: "usd", unit_amount: 191, product_data: { name: "Cover the card fees" } } },
    ],
    metadata: { donation_id: "don_1", campaign: "daca-2025" },
    payment_intent_data: { metadata: { donation_id: "don_1", campaign: "daca-2025" } },
    success_url: "http://localhost:3000/donate/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/campaigns/daca-2025",
    ...extra,
  };
}

async function paidCharge(amount = 5000): Promise<string> {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: amount, product_data: { name: "Gift" } } }],
    success_url: "http://localhost/thanks",
  });
  const { chargeId } = await fake.completeCheckout(session.id);
  return chargeId!;
}

describe("payment-mode Checkout", () => {
  it("creates a session, completes it with signed events in Stripe's order, and records the card fee", async () => {
    const session = await stripe.checkout.sessions.create(donation());
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_total: 5741,
      currency: "usd",
      payment_intent: null,
      submit_type: "donate",
      locale: "es",
      metadata: { donation_id: "don_1" },
      url: `https://checkout.stripe.test/pay/${session.id}`,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(fake.redirectUrl(session.id, "success")).toBe(`http://localhost:3000/donate/thanks?session_id=${session.id}`);

    const result = await fake.completeCheckout(session.id);
    expect(types()).toEqual(["payment_intent.created", "payment_intent.succeeded", "charge.succeeded", "checkout.session.completed", "charge.updated"]);
    expect(rejected).toBe(0);
    expect(fake.deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);

    for (const { event, raw, signature } of received) {
      expect(stripe.webhooks.constructEvent(raw, signature, secret).id).toBe(event.id);
      expect(() => stripe.webhooks.constructEvent(raw, signature, "whsec_wrong")).toThrow(Stripe.errors.StripeSignatureVerificationError);
      expect(event).toMatchObject({ object: "event", api_version: Stripe.API_VERSION, livemode: false });
      expect(event.id).toMatch(/^evt_/);
    }

    const completed = objectOf<Stripe.Checkout.Session>(find("checkout.session.completed"));
    expect(completed).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", payment_intent: result.paymentIntentId });
    expect(completed.customer_details?.email).toBe("ana@example.com");
    const succeeded = objectOf<Stripe.Charge>(find("charge.succeeded"));
    expect(succeeded).toMatchObject({ id: result.chargeId, amount: 5741, balance_transaction: null, metadata: { donation_id: "don_1" } });
    const updated = find("charge.updated")!;
    expect(updated.data.previous_attributes).toEqual({ balance_transaction: null });
    expect(objectOf<Stripe.Charge>(updated).balance_transaction).toMatch(/^txn_/);

    const pi = await stripe.paymentIntents.retrieve(result.paymentIntentId!, { expand: ["latest_charge.balance_transaction"] });
    expect(pi).toMatchObject({ status: "succeeded", amount: 5741, amount_received: 5741, metadata: { donation_id: "don_1", campaign: "daca-2025" } });
    const charge = pi.latest_charge as Stripe.Charge;
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    const fee = Math.round(5741 * 0.029) + 30; // 2.9% + 30¢
    expect(txn).toMatchObject({ object: "balance_transaction", amount: 5741, fee, net: 5741 - fee, type: "charge", source: charge.id });
    expect(txn.fee_details).toEqual([{ amount: fee, application: null, currency: "usd", description: "Stripe processing fees", type: "stripe_fee" }]);

    const again = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent", "line_items"] });
    expect((again.payment_intent as Stripe.PaymentIntent).id).toBe(pi.id);
    expect(again.line_items?.data.map((item) => [item.description, item.amount_total])).toEqual([
      ["Gift to the DACA fund", 5550],
      ["Cover the card fees", 191],
    ]);

    // GET /v1/events: newest first, cursor pagination.
    const newestFirst = [...fake.events].reverse().map((e) => e.id);
    const page1 = await stripe.events.list({ limit: 2 });
    expect(page1.data.map((e) => e.id)).toEqual(newestFirst.slice(0, 2));
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.events.list({ limit: 2, starting_after: page1.data[1].id });
    expect(page2.data.map((e) => e.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = await stripe.events.list({ limit: 2, starting_after: page2.data[1].id });
    expect(page3.data.map((e) => e.id)).toEqual(newestFirst.slice(4));
    expect(page3.has_more).toBe(false);
    const back = await stripe.events.list({ limit: 2, ending_before: page2.data[0].id });
    expect(back.data.map((e) => e.id)).toEqual(newestFirst.slice(0, 2));
    const all: string[] = [];
    for await (const event of stripe.events.list({ limit: 2 })) all.push(event.id);
    expect(all).toEqual(newestFirst);
    const onlyCompleted = await stripe.events.list({ types: ["checkout.session.completed"], created: { gte: session.created } });
    expect(onlyCompleted.data.map((e) => e.type)).toEqual(["checkout.session.completed"]);
    expect((await stripe.events.retrieve(newestFirst[0])).type).toBe("charge.updated");
  });

  it("a declined card emits payment_intent.payment_failed and leaves the session open", async () => {
    const session = await stripe.checkout.sessions.create(donation());
    const result = await fake.completeCheckout(session.id, { fail: true });
    expect(types()).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
    const pi = objectOf<Stripe.PaymentIntent>(find("payment_intent.payment_failed"));
    expect(pi.last_payment_error).toMatchObject({ code: "card_declined", charge: result.chargeId });
    expect(pi.metadata).toEqual({ donation_id: "don_1", campaign: "daca-2025" });
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: "open", payment_status: "unpaid" });
  });

  it("answers bad requests with Stripe-shaped errors", async () => {
    await expect(stripe.checkout.sessions.retrieve("cs_test_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      message: "No such checkout.session: 'cs_test_nope'",
    });
    await expect(stripe.checkout.sessions.create({ ...donation(), line_items: [] })).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      stripe.checkout.sessions.create({
        ...donation(),
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 10, product_data: { name: "Tiny" } } }],
      }),
    ).rejects.toMatchObject({ code: "amount_too_small" });
    const session = await stripe.checkout.sessions.create(donation());
    await expect(stripe.checkout.sessions.retrieve(session.id, { expand: ["nonsense"] })).rejects.toMatchObject({ statusCode: 400, param: "expand" });
    const anonymous = await fetch(`${fake.url}/v1/checkout/sessions/${session.id}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });
});

describe("US bank accounts and payment method configurations", () => {
  it("a bank debit completes Checkout unpaid, then clears with the 0.8% fee, capped at $5", async () => {
    const session = await stripe.checkout.sessions.create(donation({ allowed_payment_method_types: ["us_bank_account"] }));
    expect(session.payment_method_types).toEqual(["us_bank_account"]);
    await expect(fake.completeCheckout(session.id)).rejects.toThrow(/does not offer card/);
    const bank = await stripe.checkout.sessions.create(donation({ allowed_payment_method_types: ["us_bank_account"] }));
    received = [];
    const { paymentIntentId } = await fake.completeCheckout(bank.id, { method: "us_bank_account" });
    expect(types()).toEqual(["payment_intent.created", "payment_intent.processing", "charge.pending", "checkout.session.completed"]);
    expect(objectOf<Stripe.Checkout.Session>(find("checkout.session.completed")).payment_status).toBe("unpaid");
    expect((await stripe.paymentIntents.retrieve(paymentIntentId!)).status).toBe("processing");
    received = [];
    await fake.settleBankDebit(bank.id);
    expect(types()).toEqual(["charge.succeeded", "payment_intent.succeeded", "checkout.session.async_payment_succeeded", "charge.updated"]);
    const pi = await stripe.paymentIntents.retrieve(paymentIntentId!, { expand: ["latest_charge.balance_transaction"] });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.payment_method_details?.type).toBe("us_bank_account");
    expect((charge.balance_transaction as Stripe.BalanceTransaction).fee).toBe(46); // 0.8% of $57.41
    await expect(fake.settleBankDebit(bank.id)).rejects.toThrow(/no bank debit/);
  });

  it("a failed debit ends with async_payment_failed; a card-only session cannot be paid by bank", async () => {
    const bank = await stripe.checkout.sessions.create(donation({ allowed_payment_method_types: ["us_bank_account"] }));
    await fake.completeCheckout(bank.id, { method: "us_bank_account" });
    received = [];
    await fake.settleBankDebit(bank.id, { fail: true });
    expect(types()).toEqual(["charge.failed", "payment_intent.payment_failed", "checkout.session.async_payment_failed"]);
    const card = await stripe.checkout.sessions.create(donation({ excluded_payment_method_types: ["us_bank_account"] }));
    expect(card.payment_method_types).toEqual(["card", "link"]);
    await expect(fake.completeCheckout(card.id, { method: "us_bank_account" })).rejects.toThrow(/does not offer us_bank_account/);
  });

  it("echoes a payment method configuration and offers its types, narrowed by allowed and excluded types", async () => {
    const session = await stripe.checkout.sessions.create(donation({ payment_method_configuration: "pmc_1Wallets" }));
    expect(session.payment_method_configuration_details).toEqual({ id: "pmc_1Wallets", parent: null });
    expect(session.payment_method_types).toEqual(["card", "link", "us_bank_account"]);
    fake.setPaymentMethodConfiguration("pmc_1Cards", ["card", "link"]);
    const cards = { payment_method_configuration: "pmc_1Cards" };
    expect((await stripe.checkout.sessions.create(donation(cards))).payment_method_types).toEqual(["card", "link"]);
    await expect(stripe.checkout.sessions.create(donation({ ...cards, allowed_payment_method_types: ["us_bank_account"] }))).rejects.toMatchObject({
      statusCode: 400,
      param: "allowed_payment_method_types",
    });
    await expect(stripe.checkout.sessions.create(donation({ allowed_payment_method_types: ["bitcoin" as never] }))).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("subscription-mode Checkout", () => {
  it("creates customer, subscription and first invoice; renewals and failures bill the next periods", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "monthly@example.com",
      line_items: [
        { quantity: 1, price_data: { currency: "usd", unit_amount: 2500, recurring: { interval: "month" }, product_data: { name: "Monthly gift" } } },
      ],
      metadata: { donation_id: "don_m" },
      subscription_data: { metadata: { donation_id: "don_m", campaign: "daca-2025" } },
      success_url: "http://localhost/thanks",
    });
    expect(session).toMatchObject({ mode: "subscription", amount_total: 2500, status: "open" });

    const result = await fake.completeCheckout(session.id);
    expect(types()).toEqual(
      expect.arrayContaining([
        "customer.created",
        "customer.subscription.created",
        "invoice.paid",
        "invoice.payment_succeeded",
        "charge.succeeded",
        "checkout.session.completed",
        "charge.updated",
      ]),
    );
    expect(types().at(-1)).toBe("charge.updated");
    expect(types().indexOf("invoice.paid")).toBeLessThan(types().indexOf("checkout.session.completed"));

    const completed = objectOf<Stripe.Checkout.Session>(find("checkout.session.completed"));
    expect(completed).toMatchObject({
      status: "complete",
      payment_status: "paid",
      subscription: result.subscriptionId,
      invoice: result.invoiceId,
      customer: result.customerId,
      payment_intent: null,
    });
    const firstInvoice = objectOf<Stripe.Invoice>(find("invoice.paid"));
    expect(firstInvoice).toMatchObject({ id: result.invoiceId, billing_reason: "subscription_create", status: "paid", amount_paid: 2500 });
    expect(firstInvoice.parent?.subscription_details).toEqual({ subscription: result.subscriptionId, metadata: { donation_id: "don_m", campaign: "daca-2025" } });
    expect(objectOf<Stripe.Subscription>(find("customer.subscription.created")).status).toBe("incomplete");

    const subscription = await stripe.subscriptions.retrieve(result.subscriptionId!);
    expect(subscription).toMatchObject({ status: "active", customer: result.customerId, metadata: { campaign: "daca-2025" } });
    const firstPeriodEnd = subscription.items.data[0].current_period_end;

    received = [];
    const renewal = await fake.renewSubscription(subscription.id);
    expect(types()).toEqual(expect.arrayContaining(["invoice.created", "invoice.paid", "invoice.payment_succeeded", "charge.succeeded", "charge.updated"]));
    expect(objectOf<Stripe.Invoice>(find("invoice.paid"))).toMatchObject({ id: renewal.invoiceId, billing_reason: "subscription_cycle" });

    const invoice = await stripe.invoices.retrieve(renewal.invoiceId, { expand: ["payments.data.payment.payment_intent"] });
    expect(invoice.payments?.data).toHaveLength(1);
    const payment = invoice.payments!.data[0];
    expect(payment).toMatchObject({ object: "invoice_payment", status: "paid", amount_paid: 2500, invoice: invoice.id });
    const pi = payment.payment.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: "payment_intent", status: "succeeded", latest_charge: renewal.chargeId });
    expect(invoice.lines.data[0].period.start).toBe(firstPeriodEnd);
    expect((await stripe.invoices.retrieve(renewal.invoiceId)).payments).toBeUndefined();
    const byIntent = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: pi.id } });
    expect(byIntent.data.map((p) => p.invoice)).toEqual([invoice.id]);

    const charge = await stripe.charges.retrieve(renewal.chargeId, { expand: ["balance_transaction"] });
    expect((charge.balance_transaction as Stripe.BalanceTransaction).fee).toBe(Math.round(2500 * 0.029) + 30);

    received = [];
    const failed = await fake.failRenewal(subscription.id);
    expect(types()).toEqual(expect.arrayContaining(["charge.failed", "payment_intent.payment_failed", "invoice.payment_failed"]));
    expect(objectOf<Stripe.Invoice>(find("invoice.payment_failed"))).toMatchObject({ id: failed.invoiceId, status: "open", attempt_count: 1 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");

    const portal = await stripe.billingPortal.sessions.create({ customer: result.customerId!, return_url: "http://localhost/donor/manage" });
    expect(portal.url).toBe(`https://billing.stripe.test/p/session/${portal.id}`);

    received = [];
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe("canceled");
    await fake.idle();
    expect(types()).toEqual(["customer.subscription.deleted"]);
    await expect(fake.renewSubscription(subscription.id)).rejects.toThrow(/canceled/);
  });
});

describe("idempotent Checkout", () => {
  it("answers one key sent many times at once with one session, and refuses the key with other parameters", async () => {
    const retrying = new Stripe("sk_test_fake", { host: new URL(fake.url).hostname, port: Number(new URL(fake.url).port), protocol: "http", maxNetworkRetries: 2 });
    const sessions = await Promise.all(Array.from({ length: 10 }, () => retrying.checkout.sessions.create(donation(), { idempotencyKey: "checkout:form-1" })));
    expect(new Set(sessions.map((s) => s.id)).size).toBe(1);
    expect(new Set(sessions.map((s) => s.url)).size).toBe(1);
    const listed = await stripe.checkout.sessions.list({ limit: 100 });
    expect(listed.data.map((s) => s.id)).toEqual([sessions[0]!.id]);
    await expect(stripe.checkout.sessions.create(donation({ customer_email: "other@example.com" }), { idempotencyKey: "checkout:form-1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });
  });
});

describe("refunds", () => {
  it("refunds a charge, emits charge.refunded and refund.created, and honours Idempotency-Key", async () => {
    const chargeId = await paidCharge(5000);
    received = [];

    const refund = await stripe.refunds.create({ charge: chargeId, amount: 1000, metadata: { by: "staff" } }, { idempotencyKey: "refund-1" });
    expect(refund).toMatchObject({ object: "refund", amount: 1000, charge: chargeId, status: "succeeded", metadata: { by: "staff" } });
    const replay = await stripe.refunds.create({ charge: chargeId, amount: 1000, metadata: { by: "staff" } }, { idempotencyKey: "refund-1" });
    expect(replay.id).toBe(refund.id);
    expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    await expect(stripe.refunds.create({ charge: chargeId, amount: 500 }, { idempotencyKey: "refund-1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
    });

    await fake.idle();
    expect(types()).toEqual(["charge.refunded", "refund.created"]);
    const refunded = find("charge.refunded")!;
    expect(objectOf<Stripe.Charge>(refunded)).toMatchObject({ id: chargeId, amount_refunded: 1000, refunded: false });
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect(refunded.request).toMatchObject({ idempotency_key: "refund-1" });

    const txn = await stripe.balanceTransactions.retrieve(refund.balance_transaction as string);
    expect(txn).toMatchObject({ amount: -1000, fee: 0, net: -1000, type: "refund" });

    await expect(stripe.refunds.create({ charge: chargeId, amount: 4001 })).rejects.toMatchObject({ code: "amount_too_large" });
    const pi = (await stripe.charges.retrieve(chargeId)).payment_intent as string;
    const rest = await stripe.refunds.create({ payment_intent: pi });
    expect(rest.amount).toBe(4000);
    const charge = await stripe.charges.retrieve(chargeId, { expand: ["refunds"] });
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id).sort()).toEqual([refund.id, rest.id].sort());
    await expect(stripe.refunds.create({ charge: chargeId })).rejects.toMatchObject({ code: "charge_already_refunded" });
  });
});

describe("disputes", () => {
  it("opens and closes disputes: won reinstates the funds, lost does not", async () => {
    const chargeId = await paidCharge(5000);
    received = [];
    const { disputeId } = await fake.openDispute(chargeId);
    expect(types()).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    const withdrawn = objectOf<Stripe.Dispute>(find("charge.dispute.funds_withdrawn"));
    expect(withdrawn).toMatchObject({ id: disputeId, charge: chargeId, amount: 5000, status: "needs_response" });
    expect(withdrawn.balance_transactions[0]).toMatchObject({ amount: -5000, fee: 1500, net: -6500, reporting_category: "dispute" });
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    await expect(stripe.refunds.create({ charge: chargeId })).rejects.toMatchObject({ code: "charge_disputed" });

    received = [];
    await fake.closeDispute(disputeId, "won");
    expect(types()).toEqual(["charge.dispute.closed", "charge.dispute.funds_reinstated"]);
    const won = objectOf<Stripe.Dispute>(find("charge.dispute.closed"));
    expect(won.status).toBe("won");
    expect(won.balance_transactions.map((t) => t.amount)).toEqual([-5000, 5000]);

    const lostCharge = await paidCharge(3000);
    const lost = await fake.openDispute(lostCharge);
    received = [];
    await fake.closeDispute(lost.disputeId, "lost");
    expect(types()).toEqual(["charge.dispute.closed"]);
    expect(objectOf<Stripe.Dispute>(find("charge.dispute.closed")).status).toBe("lost");
    expect((await stripe.disputes.retrieve(lost.disputeId)).status).toBe("lost");
  });
});

describe("webhook deliveries", () => {
  it("while paused, events are listable but not delivered; redeliver delivers", async () => {
    const session = await stripe.checkout.sessions.create(donation());
    fake.pauseDeliveries();
    await fake.completeCheckout(session.id);
    expect(received).toHaveLength(0);
    expect(fake.deliveries).toHaveLength(0);

    const listed = await stripe.events.list({ types: ["checkout.session.completed"] });
    expect(listed.data).toHaveLength(1);
    expect(objectOf<Stripe.Checkout.Session>(listed.data[0]).id).toBe(session.id);

    fake.resumeDeliveries();
    expect(received).toHaveLength(0); // skipped events are not sent later
    expect(await fake.redeliver(listed.data[0].id)).toBe(200);
    expect(received.map((r) => r.event.id)).toEqual([listed.data[0].id]);
    expect(fake.deliveries).toEqual([{ eventId: listed.data[0].id, type: "checkout.session.completed", status: 200 }]);
  });

  it("records refused deliveries without retrying them", async () => {
    receiverStatus = 500;
    const session = await stripe.checkout.sessions.create(donation());
    await fake.completeCheckout(session.id);
    expect(fake.deliveries.map((d) => d.status)).toEqual([500, 500, 500, 500, 500]);
    expect(fake.events.every((e) => e.pending_webhooks === 1)).toBe(true);

    fake.setWebhookUrl("http://127.0.0.1:1/unreachable");
    expect(await fake.redeliver(fake.events[0].id)).toBe(0);
    expect(fake.deliveries).toHaveLength(6);
  });
});

describe("fixtures", () => {
  it("commits every object type the fake serves, with its license, and never reads Stripe's file itself", () => {
    const dir = path.resolve(__dirname, "../../server/fakes/stripe");
    const local = JSON.parse(fs.readFileSync(path.join(dir, "fixtures.json"), "utf8")) as { _license: string; resources: Record<string, unknown> };
    expect(local._license).toMatch(/MIT License, Copyright \(c\) 2011- Stripe, Inc\./);
    // The types the fake builds objects from today and those the next features need.
    const served = ["checkout.session", "event", "charge", "payment_intent", "balance_transaction", "refund", "dispute", "invoice", "invoice_payment", "subscription", "customer", "billing_portal.session"];
    const next = ["issuing.authorization", "issuing.card", "issuing.cardholder", "issuing.transaction", "payment_method", "payment_method_configuration", "mandate", "ephemeral_key"];
    for (const type of [...served, ...next]) expect(fixture(type as FixtureType).object, type).toBe(type);
    expect(fs.statSync(path.join(dir, "fixtures.json")).size).toBeLessThan(150_000);
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
    for (const file of sources) expect(fs.readFileSync(path.join(dir, file), "utf8"), file).not.toMatch(/shared\/stripe/);
  });

  it("keeps the committed fixtures equal to Stripe's published file beside the repository (when it is there)", () => {
    const local = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../server/fakes/stripe/fixtures.json"), "utf8")) as { resources: Record<string, unknown> };
    // The shared folder sits beside the repository (or beside the worktrees' folder).
    const shared = ["../../../shared/stripe/fixtures3.json", "../../../../shared/stripe/fixtures3.json"].map((p) => path.resolve(__dirname, p)).find((p) => fs.existsSync(p));
    if (!shared) return;
    const full = JSON.parse(fs.readFileSync(shared, "utf8")) as { resources: Record<string, unknown> };
    for (const [type, value] of Object.entries(local.resources)) expect(value, type).toEqual(full.resources[type]);
  });

  it("drives the fake over HTTP under /_fake/ (for a fake running in another process)", async () => {
    const session = await stripe.checkout.sessions.create(donation());
    const response = await fetch(`${fake.url}/_fake/checkout/sessions/${session.id}/complete`, { method: "POST" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { paymentIntentId: string };
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_intent).toBe(body.paymentIntentId);
    expect(types()).toContain("checkout.session.completed");
    const again = await fetch(`${fake.url}/_fake/checkout/sessions/${session.id}/complete`, { method: "POST" });
    expect(again.status).toBe(400);
  });
});
