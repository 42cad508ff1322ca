import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import StripeSdk from "stripe";
import type Stripe from "stripe";
import { disbursementLines, disbursements, feeRequests, issuingAuthorizations } from "../../db/schema";
import { connectPostgres, type Database } from "../../app/modules/db/connect.server";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { decideAuthorization } from "../../app/modules/issuing/authorize.server";
import { recordIssuingTransaction } from "../../app/modules/issuing/transactions.server";
import { answerAuthorizationRequest } from "../../app/modules/issuing/webhook.server";
import { configureStripe, resetStripe } from "../../app/modules/payments/stripe.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { authorizationRequest, cardRow, fundedCase } from "../support/issuing";
import { expectLedgerInvariants } from "../support/ledger";

// Real PostgreSQL: separate connection pools stand for separate app processes answering Stripe.
let database: TestDatabase;
let processes: Database[];
let staffId: string;
beforeAll(async () => {
  database = await createTestDatabase({ real: true, max: 4 });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  processes = Array.from({ length: 5 }, () => connectPostgres(url.toString(), { max: 4 }));
  await seedFeeSchedules(database.db);
  staffId = (await makeUser(database.db, { role: "admin" })).id;
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.close()));
  await database.close();
});

const via = (i: number) => processes[i % processes.length]!.db;

describe("card authorizations under concurrency, across processes", () => {
  it("20 simultaneous authorizations for one form approve exactly one; each is recorded once and moves no money", async () => {
    const { campaign, request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const before = await getCampaignTotals(database.db, campaign.id);
    const asks = Array.from({ length: 20 }, () => authorizationRequest(card, 47_000));
    const decisions = await Promise.all(asks.map((a, i) => decideAuthorization(via(i), a)));
    expect(decisions.filter((d) => d.approved)).toHaveLength(1);
    expect(decisions.filter((d) => !d.approved).map((d) => d.reason)).toEqual(Array(19).fill("second_use"));

    // Stripe repeats every request, concurrently again: the recorded answers, nothing new.
    const repeats = await Promise.all(asks.map((a, i) => decideAuthorization(via(i + 1), a)));
    expect(repeats).toEqual(decisions);
    const rows = await database.db.select().from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeCardId, card));
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.approved)).toHaveLength(1);
    expect(await getCampaignTotals(database.db, campaign.id)).toEqual(before);
  });

  it("the case's two forms race each other: one approval each, no more", async () => {
    const { request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const asks = Array.from({ length: 20 }, (_, i) => authorizationRequest(card, i % 2 ? 47_000 : 8_500));
    const decisions = await Promise.all(asks.map((a, i) => decideAuthorization(via(i), a)));
    expect(decisions.filter((d) => d.approved)).toHaveLength(2);
    const approved = await database.db.select({ form: issuingAuthorizations.form, approved: issuingAuthorizations.approved }).from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeCardId, card));
    expect(approved.filter((a) => a.approved).map((a) => a.form).sort()).toEqual(["I-765", "I-821D"]);
  });
});

/** `issuing_transaction.created` as Stripe sends it (the fields Fondo reads). */
const transaction = (authorization: string, type: "capture" | "refund", amount: number) =>
  ({ id: `ipi_test_${Math.random().toString(36).slice(2)}`, object: "issuing.transaction", type, amount, authorization }) as Stripe.Issuing.Transaction;

describe("card payments under concurrency, across processes", () => {
  it("capture and refund delivered at once, twice each, in any order: paid once, reversed once, the case needs payment again", async () => {
    const { campaign, request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const ask = authorizationRequest(card, 8_500);
    expect(await decideAuthorization(database.db, ask)).toEqual({ approved: true, reason: "unpaid_form" });
    const capture = transaction(ask.id, "capture", -8_500);
    const refund = transaction(ask.id, "refund", 8_500);
    await Promise.all([refund, capture, capture, refund].map((t, i) => recordIssuingTransaction(via(i), t)));
    const lines = await database.db
      .select({ form: disbursementLines.form, returnedAt: disbursementLines.returnedAt })
      .from(disbursementLines)
      .innerJoin(disbursements, eq(disbursements.id, disbursementLines.disbursementId))
      .where(eq(disbursements.feeRequestId, request.id));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ form: "I-821D", returnedAt: expect.any(Date) });
    const [row] = await database.db.select({ status: feeRequests.status }).from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(row!.status).toBe("funded");
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ allocatedCents: 55_500, disbursedCents: 0 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });

  it("both forms captured at once, each delivered twice: two lines, the case paid, the fee counted paid once", async () => {
    const { campaign, request } = await fundedCase(database.db, staffId);
    const card = await cardRow(database.db, request.id);
    const asks = [authorizationRequest(card, 8_500), authorizationRequest(card, 47_000)];
    for (const ask of asks) expect((await decideAuthorization(database.db, ask)).approved).toBe(true);
    const captures = asks.map((a) => transaction(a.id, "capture", -(a.pending_request!.amount)));
    await Promise.all([...captures, ...captures].map((t, i) => recordIssuingTransaction(via(i), t)));
    const [row] = await database.db.select({ status: feeRequests.status }).from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(row!.status).toBe("paid");
    expect(await getCampaignTotals(database.db, campaign.id)).toMatchObject({ allocatedCents: 0, disbursedCents: 55_500, feesPaid: 1 });
    await expectLedgerInvariants(database.db, [campaign.id]);
  });
});

describe("Stripe's 2 seconds", () => {
  it("a decision held up past the deadline is answered 'declined' in time, and the late approval is withdrawn", async () => {
    const secret = "whsec_issuing_deadline_test";
    configureStripe({ secretKey: "sk_test_deadline", webhookSecrets: [secret], demo: true });
    try {
      const { request } = await fundedCase(database.db, staffId);
      const card = await cardRow(database.db, request.id);
      const authorization = authorizationRequest(card, 8_500);
      const payload = JSON.stringify({ id: "evt_deadline", object: "event", type: "issuing_authorization.request", created: Math.floor(Date.now() / 1000), data: { object: authorization } });
      const signature = StripeSdk.webhooks.generateTestHeaderString({ payload, secret });
      // Another session holds the cards table: the decision cannot read it until released.
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${database.name}`;
      const blocker = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const reserved = await blocker.reserve();
      await reserved`begin`;
      await reserved`lock table issuing_cards in access exclusive mode`;
      const started = performance.now();
      const answer = await answerAuthorizationRequest(via(0), payload, signature);
      const took = performance.now() - started;
      await reserved`commit`;
      reserved.release();
      await blocker.end();
      expect(answer).toMatchObject({ status: 200, body: { approved: false }, headers: { "Stripe-Version": StripeSdk.API_VERSION } });
      expect(took).toBeLessThan(2000);
      await expect
        .poll(async () => (await database.db.select().from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeAuthorizationId, authorization.id)))[0])
        .toMatchObject({ approved: false, reason: "timeout" });
      // The form is still free: Stripe's next attempt is approved.
      expect(await decideAuthorization(database.db, authorizationRequest(card, 8_500))).toEqual({ approved: true, reason: "unpaid_form" });
    } finally {
      resetStripe();
    }
  });
});
