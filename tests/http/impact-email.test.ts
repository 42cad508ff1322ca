import { and, eq, gte, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, feeRequests, ledgerTransactions, outbox, users } from "../../db/schema";
import { changeCampaignStatus } from "../../app/modules/campaigns/campaigns.server";
import { monthRange, previousMonth } from "../../app/modules/dates/dates";
import { queueImpactEmails } from "../../app/modules/donors/impact.server";
import { getDonorPreferences } from "../../app/modules/donors/preferences.server";
import { sendPendingEmails } from "../../app/modules/email/sender.server";
import { recordDisbursement } from "../../app/modules/ledger/disbursements.server";
import { organizationTimeZone, organizationToday } from "../../app/modules/organization/clock.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { startFakeResend } from "../../server/fakes/resend";
import { makeApprovedRequest, makeCampaign } from "../support/ledger";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
});
afterAll(() => server.stop());

const db = () => server.database.db;

async function give(email: string, slug: string, form: Record<string, string>) {
  const response = await new Client(server.url).post(`/campaigns/${slug}`, { intent: "donate", amount: "other", otherAmount: "600", frequency: "one_time", email, ...form });
  expect(response.status).toBe(303);
  await server.fakeStripe!.completeCheckout(response.headers.get("location")!.split("/").pop()!);
}

describe("what your gifts did", () => {
  const stamp = Date.now();
  const optedIn = `impact-yes-${stamp}@example.org`;
  const unsubscribed = `impact-stop-${stamp}@example.org`;
  const silent = `impact-no-${stamp}@example.org`;
  let campaign: typeof campaigns.$inferSelect;
  let month: string;

  beforeAll(async () => {
    const [admin] = await db().select().from(users).where(eq(users.role, "admin")).limit(1);
    campaign = await makeCampaign(db(), admin!.id);
    await changeCampaignStatus(db(), { id: campaign.id, intent: "publish", actorUserId: admin!.id });
    const requests = [await makeApprovedRequest(db(), campaign.id, "2027-01-10"), await makeApprovedRequest(db(), campaign.id, "2027-02-10")];
    await give(optedIn, campaign.slug, { impactEmails: "on" });
    await give(unsubscribed, campaign.slug, { impactEmails: "on", otherAmount: "300" });
    await give(silent, campaign.slug, { otherAmount: "300" });
    for (const request of requests) {
      const [funded] = await db().select().from(feeRequests).where(eq(feeRequests.id, request.id));
      expect(funded!.status).toBe("funded");
      await recordDisbursement(db(), { feeRequestId: request.id, method: "check", paidOn: await organizationToday(db()), lines: [{ form: "I-821D", amountCents: 49500 }] });
    }
    month = (await organizationToday(db())).slice(0, 7);
  });

  it("stops by one-click POST without a session, and the unsubscribed donor gets none", async () => {
    // A first email carries the link; the donor's mail client POSTs it (no cookie, no Origin).
    await queueImpactEmails(db(), { month: previousMonth(month) });
    const first = await queueImpactEmails(db(), { month });
    expect(first.queued).toBeGreaterThanOrEqual(2);
    const [email] = await db().select().from(outbox).where(and(eq(outbox.toAddress, unsubscribed), eq(outbox.template, "impact-report")));
    const url = String(email!.props.unsubscribeUrl);
    expect((await fetch(url)).status).toBe(200);
    expect((await getDonorPreferences(db(), unsubscribed)).impactEmails).toBe(true);
    const oneClick = await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get("cache-control")).toBe("no-store");
    expect((await getDonorPreferences(db(), unsubscribed)).impactEmails).toBe(false);
    // The next month's run sends this donor nothing; a tampered link changes nothing.
    await db().delete(outbox).where(eq(outbox.toAddress, unsubscribed));
    await queueImpactEmails(db(), { month });
    expect(await db().select().from(outbox).where(and(eq(outbox.toAddress, unsubscribed), eq(outbox.template, "impact-report")))).toHaveLength(0);
    expect((await fetch(url.replace(/.$/, (c) => (c === "A" ? "B" : "A")), { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(400);
    // A webmail page POSTs it from its own origin: still the token decides, never a 500.
    const fromWebmail = { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.example" };
    expect((await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: fromWebmail })).status).toBe(200);
    expect((await fetch(url.replace(/.$/, (c) => (c === "A" ? "B" : "A")), { method: "POST", body: "List-Unsubscribe=One-Click", headers: fromWebmail })).status).toBe(400);
    expect((await fetch(url, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { ...fromWebmail, Origin: "null" } })).status).toBe(200);
  });

  it("counts what the ledger says for the month, with the donor's own gifts, once per month; donors who did not opt in get none", async () => {
    const range = monthRange(month, await organizationTimeZone(db()));
    const [ledger] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(ledgerTransactions)
      .where(and(eq(ledgerTransactions.campaignId, campaign.id), eq(ledgerTransactions.kind, "disbursement"), gte(ledgerTransactions.createdAt, range.start), lt(ledgerTransactions.createdAt, range.end)));
    expect(ledger!.n).toBe(2);
    const again = await queueImpactEmails(db(), { month });
    expect(again.queued).toBe(0);
    const emails = await db().select().from(outbox).where(and(eq(outbox.toAddress, optedIn), eq(outbox.template, "impact-report")));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.idempotencyKey).toMatch(new RegExp(`^impact/${month}/`));
    expect(emails[0]!.props.lines).toEqual([{ campaign: "Renewals", renewals: 2, giftCents: 60000 }]);
    expect(await db().select().from(outbox).where(and(eq(outbox.toAddress, silent), eq(outbox.template, "impact-report")))).toHaveLength(0);
    // Last month: no gifts, no monthly gift, nothing sent to these donors.
    expect(await db().select().from(outbox).where(and(eq(outbox.toAddress, optedIn), sql`${outbox.idempotencyKey} like ${`impact/${previousMonth(month)}/%`}`))).toHaveLength(0);
    const [gift] = await db().select().from(donations).where(eq(donations.donorEmail, silent));
    expect(gift!.impactOptIn).toBe(false);
  });

  it("goes out with List-Unsubscribe one-click headers; receipts carry none", async () => {
    const resend = await startFakeResend();
    try {
      await sendPendingEmails(db(), { resend: { apiKey: "re_test", from: "Fondo <fondo@example.org>", baseUrl: resend.url }, limit: 1_000 });
      const impact = resend.emails.find((e) => e.to.includes(optedIn) && e.subject.startsWith("What your gifts did"))!;
      expect(impact.headers!["List-Unsubscribe"]).toMatch(/^<http.*\/unsubscribe\/[\w.-]+>$/);
      expect(impact.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(impact.html).toContain("2 renewals");
      const receipt = resend.emails.find((e) => e.to.includes(optedIn) && !e.subject.startsWith("What your gifts did"))!;
      expect(receipt.headers).toBeUndefined();
    } finally {
      await resend.stop();
    }
  });
});
