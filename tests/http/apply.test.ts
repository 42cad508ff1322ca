import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, feeRequests, organization, outbox } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { readIdentity } from "../../app/modules/applicants/identity.server";
import { changeCampaignStatus } from "../../app/modules/campaigns/campaigns.server";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { applicantEmails, applicationForm, isoDaysFromToday, publishedCampaign } from "../support/applicants";
import { makeUser } from "../support/factories";
import { makeCampaign } from "../support/ledger";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let fixed: { slug: string; id: string };
let schedule: { slug: string; id: string };
beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await seedFeeSchedules(db);
  const admin = await makeUser(db, { role: "admin" });
  fixed = await publishedCampaign(db, admin.id, { titleEn: "Renewal fund", titleEs: "Fondo de renovaciones" });
  schedule = await publishedCampaign(db, admin.id, { feeSource: "schedule", fixedFee: undefined, titleEn: "Schedule fund", titleEs: "Fondo por tarifa" });
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const msg = (template: string, params: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k]));

async function stored() {
  const db = server.database.db;
  const count = async (table: typeof feeRequests | typeof applicantIdentities | typeof outbox) =>
    Number((await db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);
  return { requests: await count(feeRequests), identities: await count(applicantIdentities), emails: await count(outbox) };
}

describe("the eligibility page and form", () => {
  it("explains in Spanish what the fund pays, who can apply, what we ask, and how data is protected and deleted", async () => {
    const response = await new Client(server.url, { "Accept-Language": "es" }).get(`/campaigns/${fixed.slug}/apply`);
    expect(response.status).toBe(200);
    const body = await response.text();
    for (const heading of [es.apply.paysTitle, es.apply.whoTitle, es.apply.askTitle, es.apply.protectTitle, es.apply.deleteTitle]) expect(body).toContain(html(heading));
    expect(body).toContain(html(msg(es.apply.delete_other, { count: 30, noNews: 180 })));
    expect(body).toContain("495");
    expect(body).toContain('method="post"');
    expect(body).not.toContain('name="aNumber"');
    expect(body).not.toContain('name="dateOfBirth"');
  });

  it("prices online and paper filing from the fee schedule", async () => {
    const body = await (await new Client(server.url, { "Accept-Language": "en" }).get(`/campaigns/${schedule.slug}/apply`)).text();
    expect(body).toContain(html(msg(en.apply.filingOnlinePrice, { amount: "$555" })));
    expect(body).toContain(html(msg(en.apply.filingPaperPrice, { amount: "$605" })));
  });

  it("loads nothing from other origins", async () => {
    for (const path of [`/campaigns/${fixed.slug}/apply`, "/apply", "/case/resend", "/case"]) {
      const body = await (await new Client(server.url).get(path)).text();
      const urls = [...body.matchAll(/\b(?:src|href|action)="([^"]+)"/g)].map((m) => m[1]!);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(url.startsWith("/") || url.startsWith("#") || url.startsWith(server.url), `${path}: ${url}`).toBe(true);
    }
  });

  it("lists the campaigns taking requests on /apply", async () => {
    const body = await (await new Client(server.url, { "Accept-Language": "es" }).get("/apply")).text();
    expect(body).toContain(`href="/campaigns/${fixed.slug}/apply"`);
    expect(body).toContain(html(msg(es.apply.pickLink, { campaign: "Fondo de renovaciones" })));
  });

  it("asks for the A-number and date of birth only when the organization turned them on, and keeps them encrypted", async () => {
    const db = server.database.db;
    await db
      .insert(organization)
      .values({ id: 1, name: "Fondo Comunitario", collectANumber: true, collectDateOfBirth: true })
      .onConflictDoUpdate({ target: organization.id, set: { collectANumber: true, collectDateOfBirth: true } });
    try {
      const client = new Client(server.url, { "Accept-Language": "en" });
      const body = await (await client.get(`/campaigns/${fixed.slug}/apply`)).text();
      expect(body).toContain('name="aNumber"');
      expect(body).toContain('name="dateOfBirth"');
      const form = applicationForm({ aNumber: "A-12345678", dateOfBirth: "1995-06-01" });
      expect((await client.post(`/campaigns/${fixed.slug}/apply`, form)).status).toBe(303);
      const [row] = await db.select().from(applicantIdentities).orderBy(sql`${applicantIdentities.createdAt} desc`).limit(1);
      expect(JSON.stringify(row)).not.toContain("12345678");
      expect(JSON.stringify(row)).not.toContain("1995-06-01");
      expect(await readIdentity(db, row!.feeRequestId)).toMatchObject({ aNumber: "A012345678", dateOfBirth: "1995-06-01" });
    } finally {
      await db.update(organization).set({ collectANumber: false, collectDateOfBirth: false });
    }
  });

  it("ignores optional fields that are turned off", async () => {
    const form = applicationForm({ aNumber: "A987654321", dateOfBirth: "1990-01-01" });
    expect((await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, form)).status).toBe(303);
    const db = server.database.db;
    const [row] = await db.select().from(applicantIdentities).orderBy(sql`${applicantIdentities.createdAt} desc`).limit(1);
    expect(row!.aNumber).toBeNull();
    expect(row!.dateOfBirth).toBeNull();
  });

  it("does not take requests for a campaign that is not live", async () => {
    const db = server.database.db;
    const admin = await makeUser(db, { role: "admin" });
    const draft = await makeCampaign(db, admin.id);
    expect((await new Client(server.url).get(`/campaigns/${draft.slug}/apply`)).status).toBe(404);
    const before = await stored();
    expect((await new Client(server.url).post(`/campaigns/${draft.slug}/apply`, applicationForm())).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("explains that a campaign closed while the form was being filled in, and stores nothing", async () => {
    const db = server.database.db;
    const admin = await makeUser(db, { role: "admin" });
    const closing = await publishedCampaign(db, admin.id);
    await changeCampaignStatus(db, { id: closing.id, intent: "close", actorUserId: admin.id });
    const before = await stored();
    const response = await new Client(server.url, { "Accept-Language": "es" }).post(`/campaigns/${closing.slug}/apply`, applicationForm());
    expect(response.status).toBe(409);
    const body = await response.text();
    expect(body).toContain(html(es.apply.closed));
    expect(body).not.toContain('name="consent"');
    expect(await stored()).toEqual(before);
  });
});

describe("applying", () => {
  it("stores the request with its identity encrypted, queues a sealed email, and shows the confirmation", async () => {
    const db = server.database.db;
    const client = new Client(server.url, { "Accept-Language": "es" });
    const form = applicationForm({ name: "Quetzalina Canary", note: "Necesito ayuda pronto", state: "TX", filingMethod: "paper" });
    const response = await client.post(`/campaigns/${fixed.slug}/apply`, form);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/campaigns/${fixed.slug}/apply?submitted=1`);
    const [request] = await db.select().from(feeRequests).orderBy(sql`${feeRequests.createdAt} desc`).limit(1);
    expect(request).toMatchObject({ campaignId: fixed.id, status: "submitted", state: "TX", filingMethod: "paper", language: "es", dacaExpiresOn: form.dacaExpiresOn });
    expect(await readIdentity(db, request!.id)).toMatchObject({ name: "Quetzalina Canary", email: form.email, note: "Necesito ayuda pronto" });
    const everything = JSON.stringify(await db.select().from(applicantIdentities)) + JSON.stringify(await db.select().from(outbox));
    for (const plain of ["Quetzalina", form.email, "Necesito ayuda"]) expect(everything).not.toContain(plain);
    const emails = await applicantEmails(db, form.email);
    expect(emails.map((e) => [e.key, e.locale])).toEqual([[`case/${request!.id}/received`, "es"]]);

    const confirmation = await (await client.get(response.headers.get("location")!)).text();
    expect(confirmation).toContain(html(es.apply.sentTitle));
    expect(confirmation).not.toContain("Quetzalina");
  });

  it("points a repeat application from the same email to the open case, with the same answer and nothing new stored", async () => {
    const db = server.database.db;
    const email = `repeat-${Date.now()}@example.net`;
    const first = await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, applicationForm({ email }));
    const before = await stored();
    const [original] = await db.select().from(feeRequests).orderBy(sql`${feeRequests.createdAt} desc`).limit(1);
    const again = await new Client(server.url).post(`/campaigns/${schedule.slug}/apply`, applicationForm({ email: ` ${email.toUpperCase()} `, name: "Someone Else" }));
    expect(again.status).toBe(first.status);
    expect(again.headers.get("location")).toBe(`/campaigns/${schedule.slug}/apply?submitted=1`);
    const after = await stored();
    expect(after.requests).toBe(before.requests);
    expect(after.identities).toBe(before.identities);
    expect(after.emails).toBe(before.emails + 1);
    const emails = await applicantEmails(db, email);
    expect(emails[0]!.key).toBe(`case/${original!.id}/link/1`);
    expect(emails[0]!.props).toMatchObject({ event: "link", reference: original!.reference, name: "Ana" });
    // Found by blind index: the email is nowhere in clear.
    const dump = JSON.stringify(await db.execute(sql`select * from applicant_identities`)) + JSON.stringify(await db.execute(sql`select * from rate_limit_counters`));
    expect(dump.toLowerCase()).not.toContain(email.toLowerCase());
  });

  it("takes a new request from an email whose earlier case has ended", async () => {
    const db = server.database.db;
    const email = `ended-${Date.now()}@example.net`;
    await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, applicationForm({ email }));
    await db.update(feeRequests).set({ status: "withdrawn", endedAt: new Date() }).where(sql`${feeRequests.id} = (select id from fee_requests order by created_at desc limit 1)`);
    const before = await stored();
    await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, applicationForm({ email }));
    expect((await stored()).requests).toBe(before.requests + 1);
  });
});

describe("bad input gets field errors in the applicant's language and stores nothing", () => {
  const cases: [string, Record<string, string>, string, (t: typeof es) => string][] = [
    ["a date in the wrong format", { dacaExpiresOn: "03/15/2026" }, "dacaExpiresOn", (t) => t.errors.date],
    ["an impossible date", { dacaExpiresOn: "2026-02-30" }, "dacaExpiresOn", (t) => t.errors.date],
    ["an expiry too far ahead", { dacaExpiresOn: isoDaysFromToday(400) }, "dacaExpiresOn", (t) => t.apply.ineligibleTitle],
    ["an expiry more than a year ago", { dacaExpiresOn: isoDaysFromToday(-400) }, "dacaExpiresOn", (t) => t.applyErrors.expiredTooLong],
    ["a 600-character note", { note: "x".repeat(600) }, "note", (t) => msg(t.errors.tooLong, { max: 500 })],
    ["script tags in the name", { name: "<script>alert(1)</script>" }, "name", (t) => t.errors.noMarkup],
    ["script tags in the note", { note: "hola <script src=//evil.example></script>" }, "note", (t) => t.errors.noMarkup],
    ["missing consent", { consent: "" }, "consent", (t) => t.applyErrors.consent],
    ["no email", { email: "" }, "email", (t) => t.errors.required],
    ["a made-up state", { state: "ZZ" }, "state", (t) => t.applyErrors.state],
  ];
  for (const [label, override, field, message] of cases) {
    for (const [language, t] of [["es", es], ["en", en]] as const) {
      it(`${label} (${language})`, async () => {
        const before = await stored();
        const response = await new Client(server.url, { "Accept-Language": language }).post(`/campaigns/${fixed.slug}/apply`, applicationForm(override));
        expect(response.status).toBe(400);
        const body = await response.text();
        expect(body).toContain(html(message(t as typeof es)));
        expect(body).toMatch(new RegExp(`id="[^"]*${field}[^"]*"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="[^"]*${field}`));
        expect(body).not.toContain("<script>alert(1)");
        expect(await stored()).toEqual(before);
      });
    }
  }

  it("explains kindly when the renewal window has not opened yet, with the date it opens", async () => {
    const expires = isoDaysFromToday(200);
    const opensOn = new Date(Date.parse(`${expires}T00:00:00Z`) - 150 * 86_400_000);
    const body = await (await new Client(server.url, { "Accept-Language": "en" }).post(`/campaigns/${fixed.slug}/apply`, applicationForm({ dacaExpiresOn: expires }))).text();
    expect(body).toContain(html(en.apply.nothingStored));
    expect(body).toContain(new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(opensOn));
  });

  it("refuses a filled-in honeypot", async () => {
    const before = await stored();
    const response = await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, applicationForm({ website: "http://spam.example" }));
    expect(response.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it("limits applications per address", async () => {
    const visitor = new Client(server.url, { "Accept-Language": "en" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await visitor.post(`/campaigns/${fixed.slug}/apply`, applicationForm())).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    const before = await stored();
    const limited = await visitor.post(`/campaigns/${fixed.slug}/apply`, applicationForm());
    expect(limited.status).toBe(429);
    const page = await limited.text();
    expect(page).toContain(html(en.errors.tooManyAttempts));
    // Said as text: there is no field to link to.
    expect(page).toMatch(new RegExp(`<li>${html(en.errors.tooManyAttempts)}</li>`));
    expect(await stored()).toEqual(before);
    expect((await new Client(server.url).post(`/campaigns/${fixed.slug}/apply`, applicationForm())).status).toBe(303);
    // Counted per address, but the address itself is not stored.
    const counters = JSON.stringify(await server.database.db.execute(sql`select key from rate_limit_counters where key like 'apply:ip:%'`));
    expect(counters).toContain("apply:ip:");
    expect(counters).not.toContain(visitor.headers["X-Forwarded-For"]!);
  });
});

describe("the organization's data on the applicant stays minimal", () => {
  it("keeps the non-identifying fields in clear and nothing else about the person", async () => {
    const db = server.database.db;
    const columns = Object.keys((await db.select().from(feeRequests).limit(1))[0]!);
    expect(columns.sort()).toEqual(
      ["id", "campaignId", "reference", "status", "filingMethod", "dacaExpiresOn", "state", "language", "feeCents", "approvedAt", "fundedAt", "paidAt", "endedAt", "createdAt", "updatedAt",
        // USCIS's side: statuses and dates only (the receipt number is sealed with the identity).
        "uscisStatus", "filedOn", "evidenceDueOn", "rejectedAtIntakeOn", "uscisDecision", "decidedOn", "g1651Exemption", "retentionRule",
        // Refiling and re-pricing: a date and an amount.
        "refileBy", "shortCents"].sort(),
    );
    const identityColumns = Object.keys((await db.select().from(applicantIdentities).limit(1))[0]!);
    expect(identityColumns.sort()).toEqual(
      ["feeRequestId", "name", "email", "note", "aNumber", "dateOfBirth", "uscisReceipt", "emailIndex",
        // A new address waiting for its link (sealed), with the hash of that link and its expiry.
        "pendingEmail", "pendingEmailTokenHash", "pendingEmailExpiresAt", "keyVersion", "consentedAt", "destroyedAt", "createdAt", "updatedAt"].sort(),
    );
  });
});
