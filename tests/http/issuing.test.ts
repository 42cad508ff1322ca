import { createServer } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, disbursementLines, disbursements, feeRequests, issuingCards, organization } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { cancelSpentCards, createCaseCard } from "../../app/modules/issuing/cards.server";
import { IssuingError } from "../../app/modules/issuing/errors";
import { revealCard } from "../../app/modules/issuing/reveal.server";
import { configureStripe, getStripe, getStripeConfig } from "../../app/modules/payments/stripe.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { makeUser } from "../support/factories";
import { expectLedgerInvariants } from "../support/ledger";
import { sendRaw } from "../support/hostile";
import { fundedCase } from "../support/issuing";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let staffId: string;
beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await seedFeeSchedules(db);
  staffId = (await makeUser(db, { role: "admin" })).id;
  await db
    .insert(organization)
    .values({ id: 1, name: "Fondo Test", addressLine1: "1 Main St", city: "Oakland", region: "CA", postalCode: "94612", issuingEnabled: true })
    .onConflictDoUpdate({ target: organization.id, set: { addressLine1: "1 Main St", city: "Oakland", region: "CA", postalCode: "94612", issuingEnabled: true } });
  server.fakeStripe!.fundIssuing(10_000_00);
});
afterAll(() => server.stop());

const fake = () => server.fakeStripe!;
const db = () => server.database.db;
const status = async (id: string) => (await db().select({ status: feeRequests.status }).from(feeRequests).where(eq(feeRequests.id, id)))[0]!.status;
/** Each form's standing payments to USCIS (not sent back) for the case. */
async function standing(feeRequestId: string) {
  const rows = await db()
    .select({ form: disbursementLines.form, amount: disbursementLines.amountCents, method: disbursements.method, returned: disbursementLines.returnedAt })
    .from(disbursementLines)
    .innerJoin(disbursements, eq(disbursements.id, disbursementLines.disbursementId))
    .where(eq(disbursements.feeRequestId, feeRequestId));
  return { standing: rows.filter((r) => !r.returned).map((r) => `${r.form} ${r.amount} ${r.method}`).sort(), returned: rows.filter((r) => r.returned).map((r) => r.form).sort() };
}

async function caseWithCard() {
  const funded = await fundedCase(db(), staffId);
  const { cardId } = await createCaseCard(db(), { feeRequestId: funded.request.id, actorUserId: staffId });
  return { ...funded, cardId };
}

describe("a card per case, answered by Issuing's synchronous webhook", () => {
  it("the card is limited to the case's fee, per form and in total, government services in the US only", async () => {
    const { cardId, request } = await caseWithCard();
    const card = await getStripe().issuing.cards.retrieve(cardId);
    expect(card.type).toBe("virtual");
    expect(card.spending_controls.allowed_categories).toEqual(["government_services"]);
    expect(card.spending_controls.allowed_merchant_countries).toEqual(["US"]);
    expect(card.spending_controls.spending_limits).toEqual([
      { amount: 47_000, interval: "per_authorization", categories: null },
      { amount: 55_500, interval: "all_time", categories: null },
    ]);
    await expect(createCaseCard(db(), { feeRequestId: request.id, actorUserId: staffId })).rejects.toThrow(IssuingError);
  });

  it("declines what is not an unpaid form of the case: wrong amount, second use, unknown card, after release — and a decline moves no money", async () => {
    const { cardId, campaign, request } = await caseWithCard();
    const before = await getCampaignTotals(db(), campaign.id);
    // Over the card's limits Stripe declines without asking; under them, Fondo answers.
    expect(await fake().authorizeCard(cardId, { amount: 50_000 })).toMatchObject({ approved: false, reason: "spending_controls" });
    expect(await fake().authorizeCard(cardId, { amount: 20_000 })).toMatchObject({ approved: false, requestStatus: 200 });
    expect(await fake().authorizeCard(cardId, { amount: 47_000 - 1 })).toMatchObject({ approved: false, requestStatus: 200 });
    expect(await fake().authorizeCard(cardId, { amount: 8_500, category: "taxicabs_limousines" })).toMatchObject({ approved: false, reason: "spending_controls" });
    const first = await fake().authorizeCard(cardId, { amount: 47_000 });
    expect(first).toMatchObject({ approved: true, requestStatus: 200 });
    // A second use: the card's all-time limit already stops it at Stripe (Fondo's own refusal of a
    // second approval is proven under concurrency in tests/pg/issuing-concurrency.test.ts).
    expect(await fake().authorizeCard(cardId, { amount: 47_000 })).toMatchObject({ approved: false });
    expect(await getCampaignTotals(db(), campaign.id)).toEqual(before);

    // A card Stripe knows and Fondo did not make.
    const [org] = await db().select().from(organization);
    const stranger = await getStripe().issuing.cards.create({ cardholder: org!.issuingCardholderId!, currency: "usd", type: "virtual", status: "active" });
    expect(await fake().authorizeCard(stranger.id, { amount: 8_500 })).toMatchObject({ approved: false, requestStatus: 200 });

    // Released: the case's money went back to the pool; its card pays nothing.
    await endFeeRequest(db(), { feeRequestId: request.id, outcome: "withdrawn", actorUserId: staffId });
    expect(await fake().authorizeCard(cardId, { amount: 8_500 })).toMatchObject({ approved: false, requestStatus: 200 });
    expect((await standing(request.id)).standing).toEqual([]);
    // The worker then cancels it at Stripe.
    expect(await cancelSpentCards(db(), { feeRequestIds: [request.id] })).toEqual([cardId]);
    expect((await getStripe().issuing.cards.retrieve(cardId)).status).toBe("canceled");
  });

  it("the worker cancels, here too, a spent card Stripe no longer knows, and goes on with the others", async () => {
    const gone = await fundedCase(db(), staffId);
    const kept = await fundedCase(db(), staffId);
    await db().insert(issuingCards).values({ stripeCardId: "ic_missing_at_stripe", feeRequestId: gone.request.id, forms: [] });
    const { cardId } = await createCaseCard(db(), { feeRequestId: kept.request.id, actorUserId: staffId });
    for (const { request } of [gone, kept]) await endFeeRequest(db(), { feeRequestId: request.id, outcome: "withdrawn", actorUserId: staffId });
    expect((await cancelSpentCards(db(), { feeRequestIds: [gone.request.id, kept.request.id] })).sort()).toEqual(["ic_missing_at_stripe", cardId].sort());
    expect((await db().select().from(issuingCards).where(eq(issuingCards.stripeCardId, "ic_missing_at_stripe")))[0]!.status).toBe("canceled");
    expect((await getStripe().issuing.cards.retrieve(cardId)).status).toBe("canceled");
  });

  it("pays both forms by card: each capture is one disbursement line; paid once both are, and the card is cancelled", async () => {
    const { cardId, campaign, request } = await caseWithCard();
    const online = await fake().authorizeCard(cardId, { amount: 8_500 });
    expect(online.approved).toBe(true);
    await fake().captureAuthorization(online.authorizationId);
    expect(await status(request.id)).toBe("funded");
    expect(await standing(request.id)).toEqual({ standing: ["I-821D 8500 paygov_online"], returned: [] });
    const second = await fake().authorizeCard(cardId, { amount: 47_000 });
    await fake().captureAuthorization(second.authorizationId);
    expect(await status(request.id)).toBe("paid");
    expect(await standing(request.id)).toEqual({ standing: ["I-765 47000 paygov_online", "I-821D 8500 paygov_online"], returned: [] });
    expect(await getCampaignTotals(db(), campaign.id)).toMatchObject({ disbursedCents: 55_500, allocatedCents: 0, feesPaid: 1 });
    expect((await getStripe().issuing.cards.retrieve(cardId)).status).toBe("canceled");
    expect((await db().select().from(issuingCards).where(eq(issuingCards.stripeCardId, cardId)))[0]!.status).toBe("canceled");
    await expectLedgerInvariants(db(), [campaign.id]);
  });

  it("capture and refund delivered in any order, twice each: paid once, reversed once, and the case needs payment again", async () => {
    const { cardId, campaign, request } = await caseWithCard();
    const auth = await fake().authorizeCard(cardId, { amount: 8_500 });
    fake().pauseDeliveries();
    const before = fake().events.length;
    const { transactionId } = await fake().captureAuthorization(auth.authorizationId);
    await fake().refundIssuingTransaction(transactionId);
    fake().resumeDeliveries();
    const events = fake().events.slice(before).filter((e) => e.type === "issuing_transaction.created");
    expect(events.map((e) => (e.data.object as { type: string }).type)).toEqual(["capture", "refund"]);
    const [capture, refund] = events;
    for (const event of [refund!, capture!, refund!, capture!]) expect(await fake().redeliver(event.id)).toBe(200);
    expect(await standing(request.id)).toEqual({ standing: [], returned: ["I-821D"] });
    expect(await status(request.id)).toBe("funded");
    expect(await getCampaignTotals(db(), campaign.id)).toMatchObject({ disbursedCents: 0, allocatedCents: 55_500 });
    const returnedLines = await db().execute(sql`select count(*)::int as n from ledger_transactions where fee_request_id = ${request.id} and kind = 'fee_returned'`);
    expect((returnedLines as unknown as { rows?: { n: number }[] }).rows?.[0]?.n ?? (returnedLines as unknown as { n: number }[])[0]!.n).toBe(1);
    await expectLedgerInvariants(db(), [campaign.id]);

    // The refunded form can be paid again with the same card.
    const again = await fake().authorizeCard(cardId, { amount: 8_500 });
    expect(again.approved).toBe(true);
  });

  it("answers the authorization within 2 seconds", async () => {
    const { cardId } = await caseWithCard();
    const started = performance.now();
    const result = await fake().authorizeCard(cardId, { amount: 8_500 });
    expect(result.requestStatus).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses an unsigned authorization request, and anything but one on the synchronous endpoint", async () => {
    const response = await fetch(`${server.url}/webhooks/stripe/issuing`, { method: "POST", body: "{}", headers: { "content-type": "application/json", "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=00` } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_signature" });
  });

  it("refuses an oversized body with 413 before reading it, signed or not, like every other endpoint", async () => {
    for (const signature of [undefined, `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}`, "t=1,v1=zz"]) {
      const answer = await sendRaw(server.url, "/webhooks/stripe/issuing", { size: 5 * 1024 * 1024, headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) } });
      expect([signature, answer.status]).toEqual([signature, 413]);
      expect(answer.ms).toBeLessThan(1000);
    }
  });
});

describe("showing the card, only inside Issuing Elements, audited", () => {
  // The policy every page had before cards existed (nonce aside).
  const unchanged =
    "default-src 'self';script-src 'self' 'nonce-N' 'strict-dynamic';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';base-uri 'self';form-action 'self' https://checkout.stripe.com https://billing.stripe.com;frame-ancestors 'none'";
  const policyOf = (response: Response) => response.headers.get("content-security-policy")!.replace(/'nonce-[^']+'/, "'nonce-N'");

  it("staff turn cards on, create one for a funded case and reveal its number through the frame; the number is stored, logged and sent nowhere else", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) => {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
        original.apply(console, args);
      };
      return () => (console[level] = original);
    });
    try {
      const { client } = await signedInClient(server, "admin");
      const off = await client.post("/staff/cards", {});
      expect(off.headers.get("location")).toBe("/staff/cards");
      const cardsPage = await client.get("/staff/cards");
      expect(cardsPage.status).toBe(200);
      expect(await cardsPage.text()).toContain("Stripe Issuing balance");
      expect((await client.post("/staff/cards", { enabled: "on" })).headers.get("location")).toBe("/staff/cards");

      const { request } = await fundedCase(db(), staffId);
      const created = await client.post(`/staff/cases/${request.id}/card`, { intent: "card-create" });
      expect(created.headers.get("location")).toBe(`/staff/cases/${request.id}`);
      const [card] = await db().select().from(issuingCards).where(eq(issuingCards.feeRequestId, request.id));
      expect(card).toMatchObject({ status: "open" });

      const page = await client.get(`/staff/cases/${request.id}`);
      expect(page.status).toBe(200);
      expect(policyOf(page)).toContain("script-src 'self' 'nonce-N' 'strict-dynamic' https://js.stripe.com");
      expect(policyOf(page)).toContain("frame-src 'self' https://js.stripe.com");
      const html = await page.text();
      expect(html).toContain("Show card number");

      const reveal = await client.post(`/staff/cases/${request.id}/card`, { intent: "card-reveal", nonce: "nonce_test_12345678" });
      expect(reveal.status).toBe(200);
      expect(reveal.headers.get("cache-control")).toContain("no-store");
      const key = (await reveal.json()) as { ephemeralKeySecret: string; cardId: string };
      expect(key.cardId).toBe(card!.stripeCardId);
      const audited = await db().execute(sql`select count(*)::int as n from audit_log where action = 'issuing.card_revealed' and subject_id = ${request.id}`);
      expect(JSON.stringify(audited)).toContain('"n":1');

      const shown = fake().revealCard(key.ephemeralKeySecret)!;
      const frame = await client.get(`/demo-issuing-elements?key=${encodeURIComponent(key.ephemeralKeySecret)}`);
      expect(frame.status).toBe(200);
      expect(frame.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
      const frameHtml = await frame.text();
      expect(frameHtml).toContain("DEMO");
      expect(frameHtml.replace(/\s/g, "")).toContain(shown.number);
      expect((await client.get("/demo-issuing-elements?key=ek_test_wrong")).status).toBe(404);

      // Pay with it, so the card's whole life has run through Fondo.
      const auth = await fake().authorizeCard(card!.stripeCardId, { amount: 8_500 });
      await fake().captureAuthorization(auth.authorizationId);

      const number = shown.number;
      const pages = [html, await (await client.get(`/staff/cases/${request.id}`)).text(), await (await client.get("/staff/audit")).text()];
      for (const text of pages) expect(text.replace(/\s/g, "")).not.toContain(number);
      const tables = (await db().execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)) as unknown as { rows?: { table_name: string }[] };
      const names = (tables.rows ?? (tables as unknown as { table_name: string }[])).map((t) => t.table_name);
      expect(names).toContain("outbox");
      for (const name of names) {
        const dump = JSON.stringify(await db().execute(sql.raw(`select * from "${name}"`)));
        expect(dump, name).not.toContain(number);
        expect(dump, name).not.toContain(number.slice(0, 12));
      }
      for (const line of logged) expect(line).not.toContain(number);
    } finally {
      for (const restore of spies) restore();
    }
  });

  it("every other page keeps its CSP", async () => {
    const visitor = new Client(server.url);
    for (const path of ["/", "/sign-in", "/apply"]) expect(policyOf(await visitor.get(path)), path).toBe(unchanged);
    const { client } = await signedInClient(server, "admin");
    for (const path of ["/staff", "/staff/cases", "/staff/cards", "/staff/settings", "/staff/audit"]) {
      const response = await client.get(path);
      expect(response.status, path).toBe(200);
      expect(policyOf(response), path).toBe(unchanged);
    }
  });
});

describe("when Stripe does not know what Fondo stored, or does not answer", () => {
  const cardsOf = (feeRequestId: string) => db().select().from(issuingCards).where(eq(issuingCards.feeRequestId, feeRequestId));
  const audits = (action: string, subjectId: string) => db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.subjectId, subjectId)));

  it("a stored cardholder Stripe no longer knows is replaced and kept, then the card is made; the audit log shows the card's limit", async () => {
    const gone = `ich_gone${Date.now()}`;
    await db().update(organization).set({ issuingCardholderId: gone }).where(eq(organization.id, 1));
    const { client } = await signedInClient(server, "admin");
    const { request } = await fundedCase(db(), staffId);
    const created = await client.post(`/staff/cases/${request.id}/card`, { intent: "card-create" });
    expect([created.status, created.headers.get("location")]).toEqual([302, `/staff/cases/${request.id}`]);
    const [card] = await cardsOf(request.id);
    expect(card).toMatchObject({ status: "open" });
    const [org] = await db().select().from(organization);
    expect(org!.issuingCardholderId).not.toBe(gone);
    const atStripe = await getStripe().issuing.cards.retrieve(card!.stripeCardId);
    expect(typeof atStripe.cardholder === "string" ? atStripe.cardholder : atStripe.cardholder.id).toBe(org!.issuingCardholderId);
    expect(await (await client.get(`/staff/cases/${request.id}?lng=en`)).text()).toContain(en.issuing.created);

    // The limit, not a payment: nothing is paid yet.
    expect(await (await client.get("/staff/audit?lng=en")).text()).toContain(`${en.auditLog.detail.cardLimit}</dt><dd>$555</dd>`);
    expect(await (await client.get("/staff/audit?lng=es")).text()).toContain(`${es.auditLog.detail.cardLimit}</dt><dd>$555</dd>`);

    // A card Stripe no longer knows cannot be shown: a clear refusal, no key and no audit entry.
    await db().update(issuingCards).set({ stripeCardId: `ic_gone${Date.now()}` }).where(eq(issuingCards.id, card!.id));
    const reveal = await client.post(`/staff/cases/${request.id}/card`, { intent: "card-reveal", nonce: "nonce_test_12345678" });
    expect(reveal.status).toBe(409);
    expect(await reveal.json()).toEqual({ error: "no_card" });
    expect(await audits("issuing.card_revealed", request.id)).toEqual([]);
  });

  it("any other Stripe failure is the friendly message in the staff member's language, with nothing written", async () => {
    const { client } = await signedInClient(server, "admin");
    const { request } = await fundedCase(db(), staffId);
    // Stripe refuses the replacement cardholder (a name it needs is empty).
    const [before] = await db().select().from(organization);
    await db().update(organization).set({ issuingCardholderId: `ich_gone${Date.now()}`, name: "" }).where(eq(organization.id, 1));
    try {
      const created = await client.post(`/staff/cases/${request.id}/card`, { intent: "card-create" });
      expect([created.status, created.headers.get("location")]).toEqual([302, `/staff/cases/${request.id}`]);
      expect(await (await client.get(`/staff/cases/${request.id}?lng=es`)).text()).toContain(es.issuing.errors.stripe);
      expect(await cardsOf(request.id)).toEqual([]);
      expect(await audits("issuing.card_created", request.id)).toEqual([]);
    } finally {
      await db().update(organization).set({ issuingCardholderId: before!.issuingCardholderId, name: before!.name }).where(eq(organization.id, 1));
    }
  });

  it("Stripe not answering: creating and revealing a card end in the Stripe error, with nothing written", async () => {
    const { request } = await fundedCase(db(), staffId);
    const withCard = await caseWithCard();
    const config = getStripeConfig();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    configureStripe({ ...config, apiBase: `http://127.0.0.1:${port}` });
    try {
      await expect(createCaseCard(db(), { feeRequestId: request.id, actorUserId: staffId })).rejects.toMatchObject({ name: "IssuingError", code: "stripe" });
      expect(await cardsOf(request.id)).toEqual([]);
      expect(await audits("issuing.card_created", request.id)).toEqual([]);
      await expect(revealCard(db(), { feeRequestId: withCard.request.id, actorUserId: staffId, nonce: "nonce_test_12345678" })).rejects.toMatchObject({ name: "IssuingError", code: "stripe" });
      expect(await audits("issuing.card_revealed", withCard.request.id)).toEqual([]);
    } finally {
      configureStripe(config);
    }
  });
});
