import { processLinkRequests } from "../../app/modules/link-requests/link-requests.server";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, users, donations, ledgerAccounts, ledgerEntries, ledgerTransactions, outbox } from "../../db/schema";
import { changeCampaignStatus, getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { reconcileStripeEvents } from "../../app/modules/donations/reconcile.server";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { builtServer } from "../support/built";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { connectPostgres } from "../../app/modules/db/connect.server";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";
import { expectLedgerInvariants, makeCampaign } from "../support/ledger";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

const fake = () => server.fakeStripe!;

/** A donor fills the form; returns the Checkout Session id and our pending donation id. */
async function checkout(form: Record<string, string> = {}, slug = campaign.slug) {
  const response = await new Client(server.url).post(`/campaigns/${slug}`, {
    intent: "donate",
    amount: "other",
    otherAmount: "120",
    frequency: "one_time",
    email: `donor-${Math.random().toString(36).slice(2)}@example.org`,
    ...form,
  });
  expect(response.status).toBe(303);
  const sessionId = response.headers.get("location")!.split("/").pop()!;
  const [d] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
  return { sessionId, donationId: d!.id, email: d!.donorEmail! };
}

/**
 * A new live campaign with nobody waiting and no reserve: a payment's own ledger then depends only
 * on its events, not on what earlier tests left in the shared campaign's pool.
 */
async function freshCampaign() {
  const [admin] = await server.database.db.select().from(users).where(eq(users.role, "admin")).limit(1);
  const created = await makeCampaign(server.database.db, admin!.id);
  await changeCampaignStatus(server.database.db, { id: created.id, intent: "publish", actorUserId: admin!.id });
  return created;
}

/** Completes the payment with deliveries held back; returns the events Stripe produced. */
async function payHeld(sessionId: string) {
  fake().pauseDeliveries();
  const before = fake().events.length;
  await fake().completeCheckout(sessionId);
  fake().resumeDeliveries();
  return fake().events.slice(before);
}

/** The ledger of one donation as comparable lines: kind, account type, line, amount. */
async function ledgerOf(donationId: string) {
  const rows = await server.database.db
    .select({ kind: ledgerTransactions.kind, account: ledgerAccounts.type, line: ledgerEntries.line, amount: ledgerEntries.amountCents })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId))
    .where(eq(ledgerTransactions.donationId, donationId));
  return rows.map((r) => `${r.kind} ${r.account} ${r.line} ${r.amount}`).sort();
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe("each Stripe event changes the ledger at most once, whatever the order and number of deliveries", () => {
  it("the same signed checkout.session.completed delivered 20 times at once: one donation, one gift, one receipt", async () => {
    const { sessionId, donationId, email } = await checkout();
    const events = await payHeld(sessionId);
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const statuses = await Promise.all(Array.from({ length: 20 }, () => fake().redeliver(completed.id)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const gifts = await server.database.db
      .select()
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.donationId, donationId), eq(ledgerTransactions.kind, "donation")));
    expect(gifts).toHaveLength(1);
    const receipts = await server.database.db.select().from(outbox).where(eq(outbox.toAddress, email));
    expect(receipts.map((r) => [r.template, r.idempotencyKey])).toEqual([["donation-receipt", `receipt/${donationId}`]]);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("many payments confirmed at once to one campaign are each recorded once, with their receipts and exact totals", async () => {
    const own = await freshCampaign();
    const paid: { sessionId: string; donationId: string }[] = [];
    for (let i = 0; i < 30; i++) paid.push(await checkout({ otherAmount: String(20 + i) }, own.slug));
    const completed = [];
    for (const p of paid) completed.push((await payHeld(p.sessionId)).find((e) => e.type === "checkout.session.completed")!);
    // Every event twice, all at once: deliveries share transactions, and duplicates change nothing.
    const statuses = await Promise.all([...completed, ...completed].map((e) => fake().redeliver(e.id)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const rows = await server.database.db.select().from(donations).where(eq(donations.campaignId, own.id));
    expect(rows.map((d) => d.status)).toEqual(Array(30).fill("succeeded"));
    const gifts = await server.database.db.select().from(ledgerTransactions).where(and(eq(ledgerTransactions.campaignId, own.id), eq(ledgerTransactions.kind, "donation")));
    expect(gifts).toHaveLength(30);
    const receipts = await server.database.db.select().from(outbox).where(inArray(outbox.idempotencyKey, paid.map((p) => `receipt/${p.donationId}`)));
    expect(receipts).toHaveLength(30);
    const totals = await getCampaignTotals(server.database.db, own.id);
    expect(totals).toMatchObject({ raisedCents: 30 * 2_000 + 100 * (29 * 30) / 2, donationsCount: 30 });
    await expectLedgerInvariants(server.database.db, [own.id]);
  });

  it("every order of checkout.session.completed, payment_intent.succeeded, charge.updated and charge.refunded, with duplicates, gives the same ledger", async () => {
    const types = ["checkout.session.completed", "payment_intent.succeeded", "charge.updated", "charge.refunded"];
    let expected: string[] | null = null;
    for (const order of permutations(types)) {
      const { sessionId, donationId } = await checkout({}, (await freshCampaign()).slug);
      const events = await payHeld(sessionId);
      const piId = String((events.find((e) => e.type === "payment_intent.succeeded")!.data.object as { id: string }).id);
      fake().pauseDeliveries();
      const before = fake().events.length;
      await getStripe().refunds.create({ payment_intent: piId, amount: 5_000 });
      await fake().idle();
      fake().resumeDeliveries();
      const all = [...events, ...fake().events.slice(before)];
      // The last event of each type carries the latest state, like Stripe's retries would.
      const chosen = order.map((type) => all.filter((e) => e.type === type).at(-1)!);
      for (const event of [...chosen, ...chosen.slice().reverse()]) expect(await fake().redeliver(event.id)).toBe(200);
      const ledger = await ledgerOf(donationId);
      expected ??= ledger;
      expect(ledger, order.join(" → ")).toEqual(expected);
    }
    // A $50 partial refund of a $120 gift: back to the card from the pool.
    expect(expected!.filter((l) => l.startsWith("refund"))).toEqual(["refund campaign_pool refund -5000", "refund stripe_clearing gift 5000"]);
    expect(expected!.some((l) => l.startsWith("processing_fee"))).toBe(true);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("a staff refund reaches the ledger when Stripe confirms it, and never twice; the donor is told once", async () => {
    const own = await freshCampaign();
    const { sessionId, donationId, email } = await checkout({ otherAmount: "60" }, own.slug);
    await fake().completeCheckout(sessionId);
    const { client } = await signedInClient(server, "reviewer");
    const key = crypto.randomUUID();
    const form = { intent: "refund", donationId, amount: "", requestKey: key };
    expect((await client.post(`/staff/campaigns/${own.id}/donations`, form)).status).toBe(302);
    expect((await client.post(`/staff/campaigns/${own.id}/donations`, form)).status).toBe(302);
    await fake().idle();
    const [after] = await server.database.db.select().from(donations).where(eq(donations.id, donationId));
    expect(after).toMatchObject({ status: "refunded", refundedCents: 6_000 });
    // Once: the whole $60 back to the card; the pool pays what it holds after the card fee, the reserve the rest.
    const refundLines = (await ledgerOf(donationId)).filter((l) => l.startsWith("refund"));
    expect(refundLines).toContain("refund stripe_clearing gift 6000");
    expect(refundLines).toHaveLength(3);
    const refunded = fake().events.filter((e) => e.type === "charge.refunded").at(-1)!;
    expect(await fake().redeliver(refunded.id)).toBe(200);
    const notices = await server.database.db.select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "refund-notice")));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.props).toMatchObject({ refundCents: 6_000, chargedCents: 6_000, refundedTotalCents: 6_000 });
  });

  it("a dispute opened then lost, and another won, move the money and the counts once", async () => {
    const lost = await checkout({ otherAmount: "80" });
    await fake().completeCheckout(lost.sessionId);
    const won = await checkout({ otherAmount: "90" });
    await fake().completeCheckout(won.sessionId);
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const chargeOf = async (donationId: string) =>
      (await server.database.db.select().from(donations).where(eq(donations.id, donationId)))[0]!.stripeChargeId!;
    const d1 = await fake().openDispute(await chargeOf(lost.donationId));
    await fake().closeDispute(d1.disputeId, "lost");
    const d2 = await fake().openDispute(await chargeOf(won.donationId));
    await fake().closeDispute(d2.disputeId, "won");
    const after = await getCampaignTotals(server.database.db, campaign.id);
    expect(after.raisedCents - before.raisedCents).toBe(-8_000);
    expect(after.donationsCount - before.donationsCount).toBe(-1);
    expect(after.processingFeesCents - before.processingFeesCents).toBe(2 * 1_500);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });
});

describe("reconciliation", () => {
  it("recovers every payment made while the webhook endpoint was down, once, even with two reconcilers at once", async () => {
    const sessions = [];
    for (let i = 0; i < 40; i++) sessions.push(await checkout({ otherAmount: String(10 + i) }));
    fake().pauseDeliveries();
    for (const s of sessions) await fake().completeCheckout(s.sessionId);
    fake().resumeDeliveries();
    const missed = fake().events.filter((e) => e.type === "payment_intent.succeeded").length;
    expect(missed).toBeGreaterThanOrEqual(40);

    const second = server.database.kind === "postgres" && process.env.TEST_DATABASE_URL
      ? connectPostgres(new URL(`/${server.database.name}`, process.env.TEST_DATABASE_URL).toString(), { max: 2 })
      : null;
    const reports = await Promise.all([reconcileStripeEvents(server.database.db), reconcileStripeEvents((second ?? server.database).db)]);
    await second?.close();
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    const rows = await server.database.db.select().from(donations).where(inArray(donations.id, sessions.map((s) => s.donationId)));
    expect(rows.every((d) => d.status === "succeeded")).toBe(true);
    const gifts = await server.database.db
      .select()
      .from(ledgerTransactions)
      .where(and(inArray(ledgerTransactions.donationId, sessions.map((s) => s.donationId)), eq(ledgerTransactions.kind, "donation")));
    expect(gifts).toHaveLength(40);

    // Stripe's own later retries of the same events change nothing.
    const totals = await getCampaignTotals(server.database.db, campaign.id);
    for (const event of fake().events.slice(-30)) await fake().redeliver(event.id);
    expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(totals);
    const again = await reconcileStripeEvents(server.database.db);
    expect(again.processed).toBe(0);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });
});

describe("monthly gifts", () => {
  it("the first charge arrives as checkout.session.completed and invoice.paid and is one donation; each renewal is another; cancelling is remembered", async () => {
    const { sessionId, donationId, email } = await checkout({ frequency: "monthly", otherAmount: "25" });
    const events = await payHeld(sessionId);
    const firstCharge = events.filter((e) => ["checkout.session.completed", "invoice.paid", "payment_intent.succeeded", "charge.updated"].includes(e.type));
    expect(firstCharge.map((e) => e.type)).toEqual(expect.arrayContaining(["checkout.session.completed", "invoice.paid"]));
    // Newest first and twice over, concurrently.
    await Promise.all([...firstCharge].reverse().flatMap((e) => [fake().redeliver(e.id), fake().redeliver(e.id)]));
    const [first] = await server.database.db.select().from(donations).where(eq(donations.id, donationId));
    expect(first).toMatchObject({ status: "succeeded", frequency: "monthly", subscriptionStatus: "active" });
    expect(first!.processingFeeCents).toBeGreaterThan(0);
    expect((await ledgerOf(donationId)).filter((l) => l.startsWith("donation"))).toHaveLength(2);

    await fake().renewSubscription(first!.stripeSubscriptionId!);
    const children = await server.database.db.select().from(donations).where(eq(donations.parentDonationId, donationId));
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ status: "succeeded", amountCents: 2_500 });
    expect(await server.database.db.select().from(outbox).where(eq(outbox.toAddress, email))).toHaveLength(2);

    // A declined renewal: the donor is asked once to update the card; nothing reaches the ledger.
    const ledgerBefore = await ledgerOf(donationId);
    const { invoiceId } = await fake().failRenewal(first!.stripeSubscriptionId!);
    await fake().idle();
    const failed = fake().events.filter((e) => e.type === "invoice.payment_failed").at(-1)!;
    expect(await fake().redeliver(failed.id)).toBe(200);
    const warnings = await server.database.db.select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "monthly-payment-failed")));
    expect(warnings.map((w) => w.idempotencyKey)).toEqual([`payment-failed/${invoiceId}`]);
    expect(String(warnings[0]!.props.manageUrl)).toContain("/donor/manage/");
    const [pastDue] = await server.database.db.select().from(donations).where(eq(donations.id, donationId));
    expect(pastDue!.subscriptionStatus).toBe("past_due");
    expect(await ledgerOf(donationId)).toEqual(ledgerBefore);

    await fake().cancelSubscription(first!.stripeSubscriptionId!);
    await fake().idle();
    const [cancelled] = await server.database.db.select().from(donations).where(eq(donations.id, donationId));
    expect(cancelled!.subscriptionStatus).toBe("canceled");
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });
});

describe("a monthly gift's first charge", () => {
  it("gives the same ledger for every order of its events, with duplicates", async () => {
    const types = ["checkout.session.completed", "invoice.paid", "payment_intent.succeeded", "charge.updated"];
    let expected: string[] | null = null;
    for (const order of permutations(types)) {
      const { sessionId, donationId } = await checkout({ frequency: "monthly", otherAmount: "35" }, (await freshCampaign()).slug);
      const events = await payHeld(sessionId);
      const chosen = order.map((type) => events.filter((e) => e.type === type).at(-1)!);
      for (const event of [...chosen, ...chosen.slice().reverse()]) expect(await fake().redeliver(event.id)).toBe(200);
      const ledger = await ledgerOf(donationId);
      expected ??= ledger;
      expect(ledger, order.join(" → ")).toEqual(expected);
    }
    expect(expected!.filter((l) => l.startsWith("donation"))).toHaveLength(2);
    expect(expected!.some((l) => l.startsWith("processing_fee"))).toBe(true);
  });
});

describe("monthly donors manage their gift", () => {
  it("get a fresh signed link by email (same answer for unknown emails) that opens the (demo) customer portal; bad links are refused", async () => {
    const { sessionId, email } = await checkout({ frequency: "monthly", otherAmount: "30" });
    await fake().completeCheckout(sessionId);
    const known = await new Client(server.url).post("/donor/manage", { email });
    const unknown = await new Client(server.url).post("/donor/manage", { email: "nobody-monthly@example.org" });
    expect([known.status, known.headers.get("location")]).toEqual([unknown.status, unknown.headers.get("location")]);
    await processLinkRequests(server.database.db);
    const [message] = await server.database.db.select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "donor-manage-link")));
    const path = new URL(String(message!.props.url)).pathname;
    const page = await new Client(server.url).get(path);
    expect(page.status).toBe(200);
    const open = await new Client(server.url).post(path, {});
    expect(open.status).toBe(303);
    // Demo mode: the fake Stripe's portal, at the address the donor used.
    expect(open.headers.get("location")).toMatch(new RegExp(`^${server.url}/demo-portal/bps_`));
    const tampered = path.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await new Client(server.url).get(tampered)).status).toBe(400);
    expect((await new Client(server.url).post(tampered, {})).status).toBe(400);
    const [receipt] = await server.database.db.select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "donation-receipt")));
    expect(String(receipt!.props.manageUrl)).toContain("/donor/manage/");
  });
});

describe("receipts", () => {
  it("a donation committed just before a crash still gets exactly one receipt after restart", async () => {
    const { startFakeResend } = await import("../../server/fakes/resend");
    const { sendPendingEmails } = await import("../../app/modules/email/sender.server");
    const resend = await startFakeResend();
    try {
      const { sessionId, email } = await checkout({ otherAmount: "45" });
      // The webhook commits the donation and its receipt together; the process "dies" before
      // the worker sends anything (no Resend key in this server, so nothing was sent).
      await fake().completeCheckout(sessionId);
      const settings = { apiKey: "re_test", from: "Fondo <fondo@example.org>", baseUrl: resend.url };
      // "After restart" two workers come up at once, and one runs again later.
      const run = () => sendPendingEmails(server.database.db, { resend: settings, limit: 1_000 });
      await Promise.all([run(), run()]);
      await run();
      expect(resend.emails.filter((e) => e.to.includes(email))).toHaveLength(1);
    } finally {
      await resend.stop();
    }
  });

  it("a cash gift recorded by staff reaches the pool at once and the donor gets a receipt", async () => {
    const { client } = await signedInClient(server, "reviewer");
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const response = await client.post(`/staff/campaigns/${campaign.id}/donations`, {
      intent: "offline",
      amount: "200",
      method: "cash",
      donorName: "Panadería La Espiga",
      donorEmail: "espiga@example.org",
      locale: "es",
    });
    expect(response.status).toBe(302);
    const after = await getCampaignTotals(server.database.db, campaign.id);
    expect(after.raisedCents - before.raisedCents).toBe(20_000);
    expect(after.donationsCount - before.donationsCount).toBe(1);
    const [receipt] = await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "espiga@example.org"));
    expect(receipt).toMatchObject({ template: "donation-receipt", locale: "es" });
    const bad = await client.post(`/staff/campaigns/${campaign.id}/donations`, { intent: "offline", amount: "-3", method: "gold" });
    expect(bad.status).toBe(400);
    expect((await getCampaignTotals(server.database.db, campaign.id)).raisedCents).toBe(after.raisedCents);
  });
});

describe("checkout edge cases", () => {
  it("a monthly gift with the card fees covered is billed as one monthly price and recorded in full", async () => {
    const { sessionId, donationId } = await checkout({ frequency: "monthly", otherAmount: "20", coverFees: "on" });
    const session = await getStripe().checkout.sessions.retrieve(sessionId, { expand: ["line_items"] });
    expect(session.line_items!.data).toHaveLength(1);
    await fake().completeCheckout(sessionId);
    const [donation] = await server.database.db.select().from(donations).where(eq(donations.id, donationId));
    expect(donation!.status).toBe("succeeded");
    expect(session.amount_total).toBe(2_000 + donation!.feeCoverCents);
  });

  it("when Stripe cannot be reached the donor is told so in their language, and nothing is charged or counted", async () => {
    // The server's own Stripe client (the built bundle's), pointed at a port where nothing answers.
    const { configureStripe, getStripeConfig } = await builtServer();
    const config = getStripeConfig();
    configureStripe({ ...config, apiBase: "http://127.0.0.1:9" });
    try {
      const before = await getCampaignTotals(server.database.db, campaign.id);
      const response = await new Client(server.url, { "Accept-Language": "es" }).post(`/campaigns/${campaign.slug}`, {
        intent: "donate",
        amount: "full",
        frequency: "one_time",
        email: "offline-stripe@example.org",
      });
      expect(response.status).toBe(503);
      const es = (await import("../../app/locales/es")).default;
      expect(await response.text()).toContain(es.donate.errors.unavailable);
      const [d] = await server.database.db.select().from(donations).where(eq(donations.donorEmail, "offline-stripe@example.org"));
      expect(d!.status).toBe("failed");
      expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(before);
    } finally {
      configureStripe(config);
    }
  });
});
