import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, ledgerTransactions, outbox } from "../../db/schema";
import en from "../../app/locales/en";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { feeCoverFor, standardUsBankRate, standardUsCardRate } from "../../app/modules/donations/pricing";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { expectLedgerInvariants } from "../support/ledger";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer({ stripe: true, env: { STRIPE_PAYMENT_METHOD_CONFIGURATION: "pmc_1FondoWallets" } });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

async function give(form: Record<string, string>) {
  const response = await new Client(server.url).post(`/campaigns/${campaign.slug}`, { intent: "donate", amount: "full", frequency: "one_time", ...form });
  expect(response.status).toBe(303);
  const sessionId = response.headers.get("location")!.split("/").pop()!;
  const [donation] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
  return { sessionId, donation: donation! };
}
const reload = async (id: string) => (await server.database.db.select().from(donations).where(eq(donations.id, id)))[0]!;

/** Every event since `from`, delivered twice more, newest first, at once. */
async function redeliverAll(from: number) {
  const fake = server.fakeStripe!;
  await fake.idle();
  const statuses = await Promise.all(fake.events.slice(from).reverse().flatMap((e) => [fake.redeliver(e.id), fake.redeliver(e.id)]));
  expect(statuses.every((s) => s === 200)).toBe(true);
}

describe("gifts by US bank account", () => {
  it("the form offers the bank beside cards and wallets, with both rates before any script runs", async () => {
    const page = await (await new Client(server.url).get(`/campaigns/${campaign.slug}?lng=en`)).text();
    expect(page).toContain(en.bankGifts.bank);
    expect(page).toContain(en.bankGifts.card);
    expect(page).toContain("A bank payment costs the fund 0.8%, at most $5; a card 2.9% + $0.30.");
  });

  it("covers the fees at the bank rate and lets Checkout take a bank account only", async () => {
    const { sessionId, donation } = await give({ paymentMethod: "bank", coverFees: "on", email: "bank-cover@example.org" });
    expect(donation).toMatchObject({ paymentMethod: "bank", amountCents: 49_500, feeCoverCents: feeCoverFor(49_500, standardUsBankRate) });
    expect(donation.feeCoverCents).toBeLessThan(feeCoverFor(49_500, standardUsCardRate));
    expect(donation.feeCoverCents).toBe(399); // 0.8% of $498.99 is $3.99: the fund nets $495
    const session = await getStripe().checkout.sessions.retrieve(sessionId);
    expect(session.payment_method_types).toEqual(["us_bank_account"]);
    expect(session.allowed_payment_method_types).toEqual(["us_bank_account"]);
    expect(session.payment_method_configuration_details?.id).toBe("pmc_1FondoWallets");
  });

  it("card gifts carry the configured payment method configuration (cards and wallets, never the bank), echoed by Stripe", async () => {
    const { sessionId, donation } = await give({ coverFees: "on", email: "card@example.org" });
    expect(donation).toMatchObject({ paymentMethod: "card", feeCoverCents: feeCoverFor(49_500, standardUsCardRate) });
    const session = await getStripe().checkout.sessions.retrieve(sessionId);
    expect(session.payment_method_configuration_details?.id).toBe("pmc_1FondoWallets");
    expect(session.payment_method_types).toEqual(["card", "link"]);
  });

  it("pending → succeeded counts once, with the bank fee, and staff see it on its way meanwhile", async () => {
    const { sessionId, donation } = await give({ paymentMethod: "bank", email: "bank-ok@example.org" });
    const fake = server.fakeStripe!;
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const from = fake.events.length;
    await fake.completeCheckout(sessionId, { method: "us_bank_account" });
    const pending = await reload(donation.id);
    expect(pending.status).toBe("pending");
    expect(pending.awaitingFundsSince).not.toBeNull();
    expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(before);
    const { client } = await signedInClient(server, "reviewer");
    const staff = await (await client.get(`/staff/campaigns/${campaign.id}/donations?lng=en`)).text();
    expect(staff).toContain(en.bankGifts.status);
    expect(staff.match(/role="status"[^>]*>([^<]*)</)?.[1]).toBe("1 bank payment of $495 is on its way. It counts in the totals once the money has cleared.");
    expect((await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "bank-ok@example.org"))).length).toBe(0);

    await fake.settleBankDebit(sessionId);
    await redeliverAll(from);
    const done = await reload(donation.id);
    expect(done.status).toBe("succeeded");
    expect(done.processingFeeCents).toBe(396); // 0.8% of $495
    const after = await getCampaignTotals(server.database.db, campaign.id);
    expect(after.raisedCents - before.raisedCents).toBe(49_500);
    expect(after.donationsCount - before.donationsCount).toBe(1);
    const posted = await server.database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.donationId, donation.id));
    expect(posted.map((p) => p.kind).sort()).toEqual(["donation", "processing_fee"]);
    expect((await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "bank-ok@example.org"))).map((r) => r.template)).toEqual(["donation-receipt"]);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("pending → failed never counts, however the events arrive", async () => {
    const { sessionId, donation } = await give({ paymentMethod: "bank", email: "bank-fail@example.org" });
    const fake = server.fakeStripe!;
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const from = fake.events.length;
    await fake.completeCheckout(sessionId, { method: "us_bank_account" });
    await fake.settleBankDebit(sessionId, { fail: true });
    await redeliverAll(from);
    expect((await reload(donation.id)).status).toBe("failed");
    expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(before);
    expect(await server.database.db.select().from(ledgerTransactions).where(eq(ledgerTransactions.donationId, donation.id))).toEqual([]);
    expect(await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "bank-fail@example.org"))).toEqual([]);
  });

  it("a monthly gift by bank starts counting when its first debit clears, once", async () => {
    const { sessionId, donation } = await give({ paymentMethod: "bank", frequency: "monthly", email: "bank-monthly@example.org" });
    const fake = server.fakeStripe!;
    const before = await getCampaignTotals(server.database.db, campaign.id);
    const from = fake.events.length;
    await fake.completeCheckout(sessionId, { method: "us_bank_account" });
    expect((await reload(donation.id)).status).toBe("pending");
    expect(await getCampaignTotals(server.database.db, campaign.id)).toEqual(before);
    await fake.settleBankDebit(sessionId);
    await redeliverAll(from);
    expect(await reload(donation.id)).toMatchObject({ status: "succeeded", processingFeeCents: 396 });
    expect((await getCampaignTotals(server.database.db, campaign.id)).raisedCents - before.raisedCents).toBe(49_500);
  });

  it("a failed first debit of a monthly gift sends no 'update your card' email", async () => {
    const { sessionId, donation } = await give({ paymentMethod: "bank", frequency: "monthly", email: "bank-monthly-fail@example.org" });
    const fake = server.fakeStripe!;
    await fake.completeCheckout(sessionId, { method: "us_bank_account" });
    await fake.settleBankDebit(sessionId, { fail: true });
    await fake.idle();
    expect((await reload(donation.id)).status).toBe("failed");
    expect(await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "bank-monthly-fail@example.org"))).toEqual([]);
  });
});
