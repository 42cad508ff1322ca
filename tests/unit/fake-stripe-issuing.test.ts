import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeStripe, type FakeStripe } from "../../server/fakes/stripe/index";

/**
 * The fake Stripe's Issuing, driven by the real SDK: the synchronous authorization webhook is a
 * tiny receiver that verifies the signature as the app does and answers as the test says.
 */

const secret = "whsec_fake_issuing_unit_test";
type Answer = "approve" | "decline" | "approve-without-version" | "slow" | "error";
let answer: Answer = "approve";
let asked: Stripe.Event[] = [];
let events: Stripe.Event[] = [];
const servers: http.Server[] = [];
let syncUrl: string;
let eventsUrl: string;
let fake: FakeStripe;
let stripe: Stripe;

function listen(handle: (event: Stripe.Event, res: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(Stripe.webhooks.constructEvent(Buffer.concat(chunks).toString("utf8"), String(req.headers["stripe-signature"]), secret), res);
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  syncUrl = await listen((event, res) => {
    asked.push(event);
    const json = (body: object, headers: Record<string, string> = { "Stripe-Version": Stripe.API_VERSION }) =>
      res.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    if (answer === "approve") json({ approved: true });
    else if (answer === "decline") json({ approved: false });
    else if (answer === "approve-without-version") json({ approved: true }, {});
    else if (answer === "error") res.writeHead(500).end();
    else setTimeout(() => json({ approved: true }), 400);
  });
  eventsUrl = await listen((event, res) => {
    events.push(event);
    res.writeHead(200).end();
  });
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

beforeEach(async () => {
  answer = "approve";
  asked = [];
  events = [];
  fake = await startFakeStripe({ webhookSecret: secret, webhookUrl: eventsUrl, issuingWebhookUrl: syncUrl, issuingTimeoutMs: 250 });
  fake.fundIssuing(100_000);
  const { hostname, port } = new URL(fake.url);
  stripe = new Stripe("sk_test_fake", { host: hostname, port: Number(port), protocol: "http" });
});
afterEach(() => fake.stop());

async function card(limits: Stripe.Issuing.CardCreateParams.SpendingControls.SpendingLimit[] = []) {
  const holder = await stripe.issuing.cardholders.create({
    name: "Fondo",
    type: "company",
    billing: { address: { line1: "1 Main St", city: "Oakland", postal_code: "94612", country: "US", state: "CA" } },
  });
  return stripe.issuing.cards.create({
    cardholder: holder.id,
    currency: "usd",
    type: "virtual",
    status: "active",
    spending_controls: { allowed_categories: ["government_services"], allowed_merchant_countries: ["US"], spending_limits: limits },
  });
}

describe("Issuing in the fake Stripe", () => {
  it("asks the synchronous endpoint, signed, and the answer decides; then issuing_authorization.created", async () => {
    const c = await card();
    expect(c).toMatchObject({ object: "issuing.card", type: "virtual", status: "active", currency: "usd" });
    expect(JSON.stringify(c)).not.toMatch(/"number"|"cvc"/);
    const approved = await fake.authorizeCard(c.id, { amount: 8_500 });
    expect(approved).toMatchObject({ approved: true, requestStatus: 200 });
    expect(asked.map((e) => e.type)).toEqual(["issuing_authorization.request"]);
    const request = asked[0]!.data.object as Stripe.Issuing.Authorization;
    expect(request).toMatchObject({ approved: false, status: "pending", pending_request: { amount: 8_500, currency: "usd" }, merchant_data: { category: "government_services", country: "US" } });
    await fake.idle();
    const created = events.find((e) => e.type === "issuing_authorization.created")!.data.object as Stripe.Issuing.Authorization;
    expect(created).toMatchObject({ id: approved.authorizationId, approved: true, amount: 8_500 });
    expect(await stripe.issuing.authorizations.retrieve(approved.authorizationId)).toMatchObject({ approved: true, status: "pending" });

    answer = "decline";
    expect(await fake.authorizeCard(c.id, { amount: 8_500 })).toMatchObject({ approved: false, reason: "webhook_declined" });
  });

  it("declines without the Stripe-Version header, on an error, and past the timeout", async () => {
    const c = await card();
    answer = "approve-without-version";
    expect(await fake.authorizeCard(c.id, { amount: 100 })).toMatchObject({ approved: false, requestStatus: 200 });
    answer = "error";
    expect(await fake.authorizeCard(c.id, { amount: 100 })).toMatchObject({ approved: false, requestStatus: 500 });
    answer = "slow";
    expect(await fake.authorizeCard(c.id, { amount: 100 })).toMatchObject({ approved: false, requestStatus: 0, reason: "webhook_timeout" });
  });

  it("applies the card's spending controls and the Issuing balance before asking", async () => {
    const c = await card([
      { amount: 47_000, interval: "per_authorization" },
      { amount: 55_500, interval: "all_time" },
    ]);
    expect(await fake.authorizeCard(c.id, { amount: 8_500, category: "taxicabs_limousines" })).toMatchObject({ approved: false, reason: "spending_controls" });
    expect(await fake.authorizeCard(c.id, { amount: 8_500, country: "MX" })).toMatchObject({ approved: false, reason: "spending_controls" });
    expect(await fake.authorizeCard(c.id, { amount: 47_001 })).toMatchObject({ approved: false, reason: "spending_controls" });
    const big = await fake.authorizeCard(c.id, { amount: 47_000 });
    expect(big).toMatchObject({ approved: true });
    expect(await fake.authorizeCard(c.id, { amount: 8_501 })).toMatchObject({ approved: false, reason: "spending_controls" });
    // Captured money still counts against the all-time limit.
    await fake.captureAuthorization(big.authorizationId);
    expect(await fake.authorizeCard(c.id, { amount: 8_501 })).toMatchObject({ approved: false, reason: "spending_controls" });
    expect(asked).toHaveLength(1);
    const poor = await card();
    expect(await fake.authorizeCard(poor.id, { amount: 100_001 - 47_000 })).toMatchObject({ approved: false, reason: "insufficient_funds" });
    await stripe.issuing.cards.update(poor.id, { status: "canceled" });
    expect(await fake.authorizeCard(poor.id, { amount: 100 })).toMatchObject({ approved: false, reason: "card_inactive" });
  });

  it("captures and refunds: issuing_transaction.created with Stripe's signs, and the Issuing balance follows", async () => {
    const c = await card();
    const { authorizationId } = await fake.authorizeCard(c.id, { amount: 8_500 });
    const { transactionId } = await fake.captureAuthorization(authorizationId);
    const refund = await fake.refundIssuingTransaction(transactionId);
    await fake.idle();
    const transactions = events.filter((e) => e.type === "issuing_transaction.created").map((e) => e.data.object as Stripe.Issuing.Transaction);
    expect(transactions.map((t) => [t.id, t.type, t.amount, t.authorization])).toEqual([
      [transactionId, "capture", -8_500, authorizationId],
      [refund.transactionId, "refund", 8_500, authorizationId],
    ]);
    expect(types()).toContain("issuing_authorization.updated");
    expect((await stripe.balance.retrieve()).issuing?.available).toEqual([{ amount: 100_000, currency: "usd" }]);
  });

  it("makes ephemeral keys for Issuing Elements only with a nonce and a Stripe-Version; only they reveal the number", async () => {
    const c = await card();
    const key = await stripe.ephemeralKeys.create({ issuing_card: c.id, nonce: "ephkn_test_123" }, { apiVersion: Stripe.API_VERSION });
    expect(key.secret).toMatch(/^ek_test_/);
    const shown = fake.revealCard(key.secret!)!;
    expect(shown.number).toMatch(/^\d{16}$/);
    expect(shown.last4).toBe(c.last4);
    expect(fake.revealCard("ek_test_nope")).toBeNull();
    await expect(stripe.ephemeralKeys.create({ issuing_card: c.id } as never, { apiVersion: Stripe.API_VERSION })).rejects.toThrow(/nonce/);
  });
});

const types = () => events.map((e) => e.type);
