import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, ledgerTransactions, outbox, stripeEvents } from "../../db/schema";
import es from "../../app/locales/es";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { Client, startTestServer, type TestServer } from "../support/server";
import { expectLedgerInvariants } from "../support/ledger";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer({ stripe: true });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

async function give(client: Client, form: Record<string, string>) {
  return client.post(`/campaigns/${campaign.slug}`, { intent: "donate", ...form });
}

describe("donating through Stripe Checkout", () => {
  it("opens Checkout for a valid gift and records a pending donation only", async () => {
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const response = await give(new Client(server.url), { amount: "full", frequency: "one_time", email: "dona@example.org", coverFees: "on" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    const sessionId = location.split("/").pop()!;
    const [pending] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    expect(pending).toMatchObject({ status: "pending", amountCents: 49_500, currency: "usd" });
    expect(pending!.feeCoverCents).toBeGreaterThan(0);
    expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(before);
    const session = await getStripe().checkout.sessions.retrieve(sessionId);
    expect(session.amount_total).toBe(49_500 + pending!.feeCoverCents);
    expect(session.metadata).toMatchObject({ donation_id: pending!.id, campaign_id: campaign.id });
  });

  it("answers bad input with field errors in the donor's language and creates no Checkout Session", async () => {
    const before = (await server.database.db.select().from(donations)).length;
    const cases: Record<string, string>[] = [
      { amount: "other", otherAmount: "-5", email: "a@example.org" },
      { amount: "other", otherAmount: "0", email: "a@example.org" },
      { amount: "other", otherAmount: "1e12", email: "a@example.org" },
      { amount: "other", otherAmount: "diez", email: "a@example.org" },
      { amount: "other", otherAmount: "20", email: "a@example.org", currency: "eur" },
      { amount: "full" },
    ];
    for (const form of cases) {
      const response = await give(new Client(server.url, { "Accept-Language": "es" }), { frequency: "one_time", ...form });
      expect(response.status, JSON.stringify(form)).toBe(400);
      const body = await response.text();
      expect(body).toMatch(new RegExp([es.errors.money, es.errors.required, es.donate.errors.currency, "Escriba un monto entre"].map((m) => html(m).replace(/[.$()]/g, "\\$&")).join("|")));
    }
    expect((await server.database.db.select().from(donations)).length).toBe(before);
  });

  it("records a completed payment once, its card fee, and sends one receipt, whatever the order and number of deliveries", async () => {
    const response = await give(new Client(server.url), { amount: "full", frequency: "one_time", email: "once@example.org", name: "Uno" });
    const sessionId = response.headers.get("location")!.split("/").pop()!;
    const fake = server.fakeStripe!;
    fake.pauseDeliveries();
    const before = fake.events.length;
    await fake.completeCheckout(sessionId);
    const events = fake.events.slice(before);
    fake.resumeDeliveries();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["checkout.session.completed", "payment_intent.succeeded", "charge.updated"]));
    const [stillPending] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    expect(stillPending!.status).toBe("pending");
    // Every event twice, newest first, concurrently.
    const statuses = await Promise.all([...events].reverse().flatMap((e) => [fake.redeliver(e.id), fake.redeliver(e.id)]));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const [donation] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    expect(donation).toMatchObject({ status: "succeeded" });
    expect(donation!.processingFeeCents).toBeGreaterThan(0);
    const gifts = await server.database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.donationId, donation!.id));
    expect(gifts.map((g) => g.kind).sort()).toEqual(["donation", "processing_fee"]);
    const receipts = await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "once@example.org"));
    expect(receipts.map((r) => r.template)).toEqual(["donation-receipt"]);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("refuses tampered, unsigned, wrongly signed and stale webhooks, writing nothing", async () => {
    const before = (await server.database.db.select().from(stripeEvents)).length;
    const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "payment_intent.succeeded", created: Math.floor(Date.now() / 1000), data: { object: { id: "pi_x" } } });
    const post = (headers: Record<string, string>, body = payload) =>
      fetch(`${server.url}/webhooks/stripe`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
    const good = Stripe.webhooks.generateTestHeaderString({ payload, secret: server.webhookSecret! });
    expect((await post({})).status).toBe(400);
    expect((await post({ "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }) })).status).toBe(400);
    expect((await post({ "Stripe-Signature": good }, payload.replace("pi_x", "pi_y"))).status).toBe(400);
    const stale = Stripe.webhooks.generateTestHeaderString({ payload, secret: server.webhookSecret!, timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect((await post({ "Stripe-Signature": stale })).status).toBe(400);
    expect((await server.database.db.select().from(stripeEvents)).length).toBe(before);
  });
});
