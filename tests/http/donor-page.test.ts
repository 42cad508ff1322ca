import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, outbox, users } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { changeCampaignStatus } from "../../app/modules/campaigns/campaigns.server";
import { manageUrl } from "../../app/modules/donations/manage.server";
import { processLinkRequests } from "../../app/modules/link-requests/link-requests.server";
import { giftBounds } from "../../app/modules/donations/donate.server";
import { formatMoney } from "../../app/modules/i18n/format";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { makeCampaign } from "../support/ledger";
import { pdfText } from "../support/qr-reader";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

const fake = () => server.fakeStripe!;
const db = () => server.database.db;

/** A paid gift through the real form and the fake Checkout; returns our donation. */
async function give(email: string, form: Record<string, string>, slug = campaign.slug) {
  const response = await new Client(server.url).post(`/campaigns/${slug}`, { intent: "donate", amount: "other", otherAmount: "40", frequency: "one_time", email, ...form });
  expect(response.status).toBe(303);
  const sessionId = response.headers.get("location")!.split("/").pop()!;
  await fake().completeCheckout(sessionId);
  const [d] = await db().select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
  return d!;
}

async function secondCampaign() {
  const [admin] = await db().select().from(users).where(eq(users.role, "admin")).limit(1);
  const created = await makeCampaign(db(), admin!.id);
  await changeCampaignStatus(db(), { id: created.id, intent: "publish", actorUserId: admin!.id });
  return created;
}

const opened = new Set<string>();
/** A donor asks for the link, the worker sends it, the donor follows it: a client with a donor session. */
async function donorClient(email: string, headers: Record<string, string> = {}) {
  const client = new Client(server.url, headers);
  const asked = await client.post("/donor", { intent: "request-link", email });
  expect([asked.status, asked.headers.get("location")]).toEqual([303, "/donor?sent=1"]);
  await processLinkRequests(db());
  const sent = await db().select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "donor-page-link")));
  // The outbox has no order; each link opens once, so take the one not opened yet.
  const path = sent.map((m) => new URL(String(m.props.url)).pathname).find((p) => !opened.has(p))!;
  opened.add(path);
  expect((await client.get(path)).status).toBe(200);
  const started = await client.post(path, {});
  expect([started.status, started.headers.get("location")]).toEqual([303, "/donor"]);
  return { client, path };
}

const formKey = (html: string) => /name="key" value="([0-9a-f-]{36})"/.exec(html)![1]!;
const reference = (id: string) => id.slice(0, 8).toUpperCase();
const eventsFor = (type: string, subscriptionId: string) => fake().events.filter((e) => e.type === type && (e.data.object as { id: string }).id === subscriptionId);

describe("the donor page", () => {
  const alice = `alice-${Date.now()}@example.org`;
  const bob = `bob-${Date.now()}@example.org`;
  let oneTime: typeof donations.$inferSelect;
  let monthly: typeof donations.$inferSelect;
  let renewalId: string;
  let bobsGift: typeof donations.$inferSelect;

  beforeAll(async () => {
    const other = await secondCampaign();
    oneTime = await give(alice, { otherAmount: "40" });
    monthly = await give(alice, { otherAmount: "25", frequency: "monthly" }, other.slug);
    await fake().renewSubscription(monthly.stripeSubscriptionId!);
    const [renewal] = await db().select().from(donations).where(eq(donations.parentDonationId, monthly.id));
    renewalId = renewal!.id;
    bobsGift = await give(bob, { otherAmount: "70" });
  });

  it("answers a known and an unknown address the same, and emails a link only to one that gave; the link works once", async () => {
    const known = await new Client(server.url).post("/donor", { intent: "request-link", email: alice });
    const unknown = await new Client(server.url).post("/donor", { intent: "request-link", email: `nobody-${Date.now()}@example.org` });
    expect([known.status, known.headers.get("location")]).toEqual([unknown.status, unknown.headers.get("location")]);
    await processLinkRequests(db());
    const toUnknown = await db().select().from(outbox).where(eq(outbox.template, "donor-page-link"));
    expect(toUnknown.every((m) => m.toAddress.startsWith("alice-") || m.toAddress.startsWith("bob-"))).toBe(true);
    const { client, path } = await donorClient(alice);
    expect((await new Client(server.url).post(path, {})).status).toBe(400);
    const page = await client.get("/donor");
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("shows a donor with monthly and one-time gifts in two campaigns all of them, with correct receipts", async () => {
    const { client } = await donorClient(alice);
    const html = await (await client.get("/donor")).text();
    for (const id of [oneTime.id, monthly.id, renewalId]) {
      expect(html).toContain(`/donor/gifts/${id}/receipt`);
      const receipt = await client.get(`/donor/gifts/${id}/receipt`);
      expect(receipt.status).toBe(200);
      const body = await receipt.text();
      expect(body).toContain(reference(id));
      const pdf = await client.get(`/donor/gifts/${id}/receipt.pdf`);
      expect([pdf.status, pdf.headers.get("content-type"), pdf.headers.get("cache-control")]).toEqual([200, "application/pdf", "no-store"]);
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    }
    expect(await (await client.get(`/donor/gifts/${oneTime.id}/receipt`)).text()).toContain("$40<");
    expect(await (await client.get(`/donor/gifts/${monthly.id}/receipt`)).text()).toContain("$25<");
    expect(html).toContain("$25 a month");
    // The year-end statement says whose gifts it lists, and that the document is the receipt.
    const year = Number(html.match(/\/donor\/statements\/(\d{4})\.pdf/)![1]);
    const statement = pdfText(Buffer.from(await (await client.get(`/donor/statements/${year}.pdf`)).arrayBuffer()));
    expect(statement).toContain(alice);
    expect(statement).toMatch(/Keep this document as your receipt|Guarde este documento como su recibo/);
    expect(pdfText(Buffer.from(await (await client.get(`/donor/gifts/${oneTime.id}/receipt.pdf`)).arrayBuffer()))).not.toMatch(/Keep this email|Guarde este correo/);
  });

  it("never shows another donor's gifts, receipts or subscriptions", async () => {
    const { client } = await donorClient(alice);
    const html = await (await client.get("/donor")).text();
    expect(html).not.toContain(bobsGift.id);
    expect(html).not.toContain(reference(bobsGift.id));
    expect((await client.get(`/donor/gifts/${bobsGift.id}/receipt`)).status).toBe(404);
    expect((await client.get(`/donor/gifts/${bobsGift.id}/receipt.pdf`)).status).toBe(404);
    const bobs = await donorClient(bob);
    const key = randomUUID();
    const before = fake().events.length;
    expect((await bobs.client.post("/donor", { intent: "pause", donationId: monthly.id, key })).status).toBe(404);
    expect((await bobs.client.post("/donor", { intent: "cancel", donationId: monthly.id, key })).status).toBe(404);
    await fake().idle();
    expect(fake().events.length).toBe(before);
    const bobsPage = await (await bobs.client.get("/donor")).text();
    expect(bobsPage).not.toContain(monthly.id);
    // Without a session nothing opens.
    expect((await new Client(server.url).get(`/donor/gifts/${oneTime.id}/receipt`)).status).toBe(303);
  });

  it("changes a monthly gift's amount at Stripe; a bad amount is a field error; the page shows the new amount from the webhook", async () => {
    const { client } = await donorClient(alice);
    const key = formKey(await (await client.get("/donor")).text());
    const bad = await client.post("/donor", { intent: "amount", donationId: monthly.id, key, amount: "abc" });
    expect(bad.status).toBe(400);
    const before = fake().events.length;
    const changed = await Promise.all([1, 2].map(() => client.post("/donor", { intent: "amount", donationId: monthly.id, key, amount: "35" })));
    expect(changed.map((r) => r.status)).toEqual([303, 303]);
    await fake().idle();
    const updates = fake()
      .events.slice(before)
      .filter((e) => e.type === "customer.subscription.updated" && (e.data.previous_attributes as { items?: unknown } | undefined)?.items);
    expect(updates).toHaveLength(1);
    const [row] = await db().select().from(donations).where(eq(donations.id, monthly.id));
    expect(row!.subscriptionCents).toBe(3500);
    expect(await (await client.get("/donor")).text()).toContain("$35 a month");
  });

  it("pauses and cancels a monthly gift at Stripe once for a double click; the page shows what the webhook said", async () => {
    const { client } = await donorClient(alice);
    const subscriptionId = monthly.stripeSubscriptionId!;
    let key = formKey(await (await client.get("/donor")).text());
    const pauses = await Promise.all([1, 2].map(() => client.post("/donor", { intent: "pause", donationId: monthly.id, key })));
    expect(pauses.map((r) => r.status)).toEqual([303, 303]);
    await fake().idle();
    expect(eventsFor("customer.subscription.updated", subscriptionId).filter((e) => (e.data.object as { pause_collection: unknown }).pause_collection)).toHaveLength(1);
    const [paused] = await db().select().from(donations).where(eq(donations.id, monthly.id));
    expect(paused!.subscriptionPaused).toBe(true);
    const pausedPage = await (await client.get("/donor")).text();
    expect(pausedPage).toContain("paused. Nothing is charged until you resume it.");

    key = formKey(pausedPage);
    const cancels = await Promise.all([1, 2].map(() => client.post("/donor", { intent: "cancel", donationId: monthly.id, key })));
    expect(cancels.map((r) => r.status)).toEqual([303, 303]);
    await fake().idle();
    expect(eventsFor("customer.subscription.deleted", subscriptionId)).toHaveLength(1);
    const page = await (await client.get("/donor")).text();
    expect(page).toContain("cancelled. Nothing more will be charged.");
    expect(page).not.toContain('value="pause"');
  });

  it("refuses a too-small or too-large new amount with the donate form's words, in the visitor's language, and changes nothing at Stripe", async () => {
    const { minCents, maxCents } = giftBounds();
    const words = {
      en: `Enter an amount from ${formatMoney(minCents, "en")} to ${formatMoney(maxCents, "en")}.`,
      es: `Escriba un monto entre ${formatMoney(minCents, "es")} y ${formatMoney(maxCents, "es")}.`,
    };
    const gift = await give(alice, { otherAmount: "25", frequency: "monthly" });
    const [before] = await db().select().from(donations).where(eq(donations.id, gift.id));
    const events = fake().events.length;
    for (const language of ["en", "es"] as const) {
      const { client } = await donorClient(alice, { "Accept-Language": language });
      const key = formKey(await (await client.get("/donor")).text());
      for (const amount of ["3", "10001", "99999999999999999999"]) {
        const response = await client.post("/donor", { intent: "amount", donationId: gift.id, key, amount });
        expect(response.status).toBe(400);
        const html = await response.text();
        expect(html).toContain(`<p id="amount-${gift.id}-error" class="field-error">${words[language]}</p>`);
      }
    }
    await fake().idle();
    expect(fake().events.length).toBe(events);
    const [after] = await db().select().from(donations).where(eq(donations.id, gift.id));
    expect(after!.subscriptionCents).toBe(before!.subscriptionCents);
  });

  it("shows a pause, a new amount and a resume on the very next page, before any webhook arrives", async () => {
    const { client } = await donorClient(alice);
    const second = await give(alice, { otherAmount: "30", frequency: "monthly" });
    fake().pauseDeliveries();
    try {
      let key = formKey(await (await client.get("/donor")).text());
      expect((await client.post("/donor", { intent: "pause", donationId: second.id, key })).status).toBe(303);
      const paused = await (await client.get("/donor")).text();
      expect(paused).toContain("$30 a month to");
      expect(paused).toMatch(/\$30 a month to [^<]*: paused\. Nothing is charged until you resume it\./);
      key = formKey(paused);
      expect((await client.post("/donor", { intent: "amount", donationId: second.id, key, amount: "45" })).status).toBe(303);
      expect(await (await client.get("/donor")).text()).toMatch(/\$45 a month to [^<]*: paused\./);
      expect((await client.post("/donor", { intent: "resume", donationId: second.id, key })).status).toBe(303);
      expect(await (await client.get("/donor")).text()).toMatch(/\$45 a month to [^<]*: active\./);
    } finally {
      fake().resumeDeliveries();
    }
  });

  it("asks before cancelling a monthly gift, without JavaScript; keeping it changes nothing", async () => {
    const client = (await donorClient(alice, { "Accept-Language": "es" })).client;
    const third = await give(alice, { otherAmount: "20", frequency: "monthly" });
    const page = await (await client.get("/donor")).text();
    // The cancel button only opens the question: a GET form, nothing posted.
    expect(page).toMatch(new RegExp(`<form method="get"[^>]*><button type="submit" name="cancel" value="${third.id}"`));
    const asked = await (await client.get(`/donor?cancel=${third.id}`)).text();
    expect(asked).toContain(`¿Cancelar ${formatMoney(2000, "es")} al mes para`);
    expect(asked).toContain("Sí, cancelar mi donación mensual");
    expect(asked).toMatch(/<a[^>]*href="\/donor"[^>]*>Mantenerla<\/a>/);
    expect(asked).not.toMatch(new RegExp(`name="cancel" value="${third.id}"`));
    const events = fake().events.length;
    await fake().idle();
    expect(fake().events.length).toBe(events);
    const key = formKey(asked);
    expect((await client.post("/donor", { intent: "cancel", donationId: third.id, key })).status).toBe(303);
    const [row] = await db().select().from(donations).where(eq(donations.id, third.id));
    expect(row!.subscriptionStatus).toBe("canceled");
    expect(await (await client.get("/donor")).text()).toContain(`${formatMoney(2000, "es")} al mes para`);
  });

  it("names each receipt link starting with its visible words", async () => {
    const { client } = await donorClient(alice);
    const html = await (await client.get("/donor")).text();
    const ref = reference(oneTime.id);
    expect(html).toContain(`<a href="/donor/gifts/${oneTime.id}/receipt">View<span class="visually-hidden"> receipt ${ref}</span></a>`);
    expect(html).toContain(`<a href="/donor/gifts/${oneTime.id}/receipt.pdf">Download PDF<span class="visually-hidden"> of receipt ${ref}</span></a>`);
    expect(html).toContain('class="table-scroll" role="region"');
  });

  it("offers the donor page in the site header while a donor session is open, instead of staff sign-in", async () => {
    const { client } = await donorClient(alice);
    const home = await (await client.get("/")).text();
    expect(home).toMatch(/<a [^>]*href="\/donor"[^>]*>Your gifts<\/a>/);
    expect(home).not.toContain('href="/sign-in"');
    expect(await (await new Client(server.url).get("/")).text()).toContain('href="/sign-in"');
  });

  it("keeps email choices (off until the donor turns them on)", async () => {
    const { client } = await donorClient(alice);
    expect(await (await client.get("/donor")).text()).not.toMatch(/name="impactEmails" checked/);
    expect((await client.post("/donor", { intent: "preferences", impactEmails: "on" })).status).toBe(303);
    const html = await (await client.get("/donor")).text();
    expect(html).toMatch(/id="impactEmails" name="impactEmails" checked/);
  });
});

describe("when Stripe no longer knows the gift's customer or subscription", () => {
  const html = (text: string) => text.replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

  it("every change on the donor page answers with the message, never a 500, and a cancel can be asked again", async () => {
    const carol = `carol-${Date.now()}@example.org`;
    const gift = await give(carol, { otherAmount: "20", frequency: "monthly" });
    await db().update(donations).set({ stripeSubscriptionId: `sub_gone${Date.now()}` }).where(eq(donations.id, gift.id));
    const { client } = await donorClient(carol);
    for (const form of [{ intent: "pause" }, { intent: "resume" }, { intent: "amount", amount: "30" }, { intent: "cancel" }] as Record<string, string>[]) {
      const key = formKey(await (await client.get("/donor")).text());
      const answer = await client.post("/donor", { ...form, donationId: gift.id, key });
      expect([form.intent, answer.status, answer.headers.get("location")]).toEqual([form.intent, 303, "/donor"]);
      expect(await (await client.get("/donor")).text()).toContain(html(en.donorPage.failed));
    }
    const [row] = await db().select().from(donations).where(eq(donations.id, gift.id));
    expect(row!.cancelRequestedAt).toBeNull();
  });

  it("the emailed manage link says so in the visitor's language, whatever the intent", async () => {
    const dave = `dave-${Date.now()}@example.org`;
    const gift = await give(dave, { otherAmount: "20", frequency: "monthly" });
    await db().update(donations).set({ stripeCustomerId: `cus_gone${Date.now()}` }).where(eq(donations.id, gift.id));
    const path = new URL(manageUrl(gift.id, 3_600_000)).pathname;
    for (const [language, t] of [["es", es], ["en", en]] as const) {
      const client = new Client(server.url, { "Accept-Language": language });
      for (const intent of ["cancel", "portal", ""]) {
        const answer = await client.post(path, intent ? { intent } : {});
        expect([intent, answer.status, answer.headers.get("location")]).toEqual([intent, 303, path]);
        const page = await client.get(path);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain(html(t.donorPage.failed));
      }
    }
  });
});
