import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, campaigns, feeRequests, hostProfiles } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { sealIdentity } from "../../app/modules/applicants/identity.server";
import { replyToCase, withdrawCase } from "../../app/modules/applicants/case.server";
import { recordAudit } from "../../app/modules/audit/audit.server";
import { AUDIT_PAGE_SIZE } from "../../app/modules/audit/describe";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { makeFundraiser } from "../support/fundraiser-fixture";
import { signedInClient, Client, startTestServer, type TestServer } from "../support/server";

/** Staff pages say what happened in words: no codes, no JSON, no id fragments. */
let server: TestServer;
let current: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
  current = (await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "daca-renewals-2026")))[0]!;
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
/** The page as a person sees it: without the data scripts that hydrate it. */
const visible = (body: string) => body.replace(/<script[\s\S]*?<\/script>/g, "");
/** A link to a case page, whatever attributes Remix adds to it. */
const caseLink = (id: string, reference: string) => new RegExp(`<a [^>]*href="/staff/cases/${id}"[^>]*>${reference}</a>`);
const rowsOf = (body: string) => (body.split("<tbody>")[1]?.split("</tbody>")[0] ?? "").split("<tr").length - 1;

async function caseWithIdentity(tag: string) {
  const request = await createFeeRequest(server.database.db, { campaignId: current.id, filingMethod: "online", dacaExpiresOn: "2027-05-01", state: "TX", language: "es" });
  await sealIdentity(server.database.db, { feeRequestId: request.id, name: `Xiomara Quintanilla ${tag}`, email: `xiomara.${tag}@example.org`, note: null });
  return request;
}

describe("the audit log", () => {
  it("reads as sentences with formatted details, never codes or JSON", async () => {
    const { client } = await signedInClient(server, "admin");
    const body = visible(await (await client.get("/staff/audit?lng=en")).text());
    expect(body).toContain(html(en.auditLog.events.fee_request.approved));
    expect(body).toContain(html(en.auditLog.events.campaign.created));
    expect(body).toContain(`${en.auditLog.detail.fee}</dt><dd>$555</dd>`);
    // Case references link to the case page; campaigns are named by their title.
    const [approved] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.status, "approved"));
    expect(body).toMatch(caseLink(approved!.id, approved!.reference));
    expect(body).toContain(html(current.titleEn));
    for (const raw of ["fee_request.approved", "campaign.created", "feeCents", "{&quot;", "disbursementId", "<code>"]) expect(body).not.toContain(raw);
    const spanish = await (await client.get("/staff/audit?lng=es")).text();
    expect(spanish).toContain(html(es.auditLog.events.fee_request.approved));
    expect(spanish).toContain(`${es.auditLog.detail.fee}</dt><dd>$555</dd>`);
  });

  it("names an applicant's own steps as the applicant's, without their personal data", async () => {
    const request = await caseWithIdentity("reply");
    const { client: reviewer } = await signedInClient(server, "reviewer");
    expect((await reviewer.post(`/staff/cases/${request.id}`, { intent: "request-info", message: "¿Nos envía su recibo?" })).status).toBe(302);
    expect(await replyToCase(server.database.db, { feeRequestId: request.id, body: "Aquí está mi recibo" })).toBe(true);
    expect(await withdrawCase(server.database.db, request.id)).toBe(true);
    const { client } = await signedInClient(server, "admin");
    for (const [lng, t] of [["en", en], ["es", es]] as const) {
      const body = visible(await (await client.get(`/staff/audit?case=${request.reference}&lng=${lng}`)).text());
      expect(body).toContain(html(t.auditLog.events.fee_request.info_requested));
      expect(body).toContain(html(t.auditLog.events.case.reply_by_applicant));
      expect(body).toContain(html(t.auditLog.events.fee_request.withdrawn));
      expect(body.split(html(t.auditLog.actors.applicant)).length - 1).toBe(2);
      expect(body).not.toContain(`>${t.auditLog.actors.system}<`);
      for (const secret of ["Xiomara", "xiomara.reply@example.org", "recibo"]) expect(body).not.toContain(secret);
    }
  });

  it("is paged newest first with plain links, every entry on exactly one page", async () => {
    const request = await caseWithIdentity("pages");
    const { client, user } = await signedInClient(server, "admin");
    for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++)
      await recordAudit(server.database.db, { actorUserId: user.id, action: "case.viewed", subjectType: "fee_request", subjectId: request.id, details: { reason: "review" } });
    const [{ total }] = (await server.database.db.select({ total: count() }).from(auditLog)) as [{ total: number }];

    const first = await (await client.get("/staff/audit?lng=en")).text();
    expect(rowsOf(first)).toBe(AUDIT_PAGE_SIZE);
    // Newest first: the views just recorded open the first page, with their reason in words.
    const firstRow = first.split("<tbody>")[1]!.split("</tr>")[0]!;
    expect(firstRow).toContain(html(en.auditLog.events.case.viewed));
    expect(first).toContain(`${en.auditLog.detail.reason}</dt><dd>${html(en.staffCases.reasons.review)}</dd>`);
    expect(first).toContain(`href="/staff/audit?page=2"`);
    expect(first).not.toContain(html(en.auditLog.newer));

    let seen = rowsOf(first);
    let page = 2;
    let body = first;
    while (body.includes(`href="/staff/audit?page=${page}"`)) {
      const response = await client.get(`/staff/audit?page=${page}&lng=en`);
      expect(response.status).toBe(200);
      body = await response.text();
      expect(body).toContain(html(en.auditLog.newer));
      expect(body).toContain(html(en.auditLog.page.replace("{{page}}", String(page))));
      seen += rowsOf(body);
      page++;
    }
    expect(page).toBeGreaterThan(2);
    expect(seen).toBe(total);
    // Nonsense page numbers fall back to the first page.
    expect(rowsOf(await (await client.get("/staff/audit?page=-3")).text())).toBe(AUDIT_PAGE_SIZE);
  });
});

describe("ledger and requests pages", () => {
  it("label fee request accounts with the case reference, linked to the case", async () => {
    const funded = (await server.database.db.select().from(feeRequests).where(eq(feeRequests.campaignId, current.id))).filter((r) => r.status === "funded" || r.status === "paid");
    expect(funded.length).toBeGreaterThan(0);
    const { client } = await signedInClient(server, "reviewer");
    const body = await (await client.get(`/staff/campaigns/${current.id}/ledger?lng=en`)).text();
    for (const r of funded) {
      expect(body).toMatch(new RegExp(`${en.ledger.accounts.fee_request}(<!-- -->)? ${caseLink(r.id, r.reference).source}`));
      expect(body).not.toContain(r.id.slice(0, 8) + "<");
    }
  });

  it("link each reference on the requests page to its case", async () => {
    const requests = await server.database.db.select().from(feeRequests).where(eq(feeRequests.campaignId, current.id));
    const { client } = await signedInClient(server, "reviewer");
    const body = await (await client.get(`/staff/campaigns/${current.id}/requests?lng=es`)).text();
    for (const r of requests) expect(body).toMatch(caseLink(r.id, r.reference));
  });
});

describe("the public transparency page", () => {
  it("has round money guides and month names in the visitor's language, never ISO months", async () => {
    for (const [lng, locale] of [["es", "es-US"], ["en", "en-US"]] as const) {
      const body = visible(await (await new Client(server.url).get(`/campaigns/daca-renewals-2026/transparency?lng=${lng}`)).text());
      const svg = body.slice(body.indexOf("<svg"), body.indexOf("</svg>"));
      const guides = [...svg.matchAll(/text-anchor="end"[^>]*>\$([\d,.]+)</g)].map((m) => Number(m[1]!.replace(/,/g, "")));
      expect(guides.length).toBeGreaterThanOrEqual(2);
      const step = guides[1]! - guides[0]!;
      expect(guides[0]).toBe(0);
      expect(guides.every((g, i) => g === i * step)).toBe(true);
      expect(step / 10 ** Math.floor(Math.log10(step))).toSatisfy((lead: number) => [1, 2, 5].includes(lead));
      expect(body).not.toMatch(/\b20\d\d-(0[1-9]|1[0-2])\b/);
      const thisMonth = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());
      expect(body).toContain(thisMonth);
    }
  });
});

describe("tables on a 390 px phone", () => {
  /** Each table, with what opens just before it. */
  const tablesOf = (body: string) => visible(body).split(/(?=<table)/).slice(1).map((part, i, all) => ({ table: part, before: (i === 0 ? visible(body).split(/(?=<table)/)[0]! : all[i - 1]!).slice(-200) }));

  it("scroll wide staff tables inside a named region that takes keyboard focus, never the page", async () => {
    const { client } = await signedInClient(server, "admin");
    const pages = ["/staff", "/staff/cases", "/staff/campaigns", "/staff/fundraisers", "/staff/users", "/staff/fee-schedules"].concat(
      ["requests", "ledger", "donations"].map((p) => `/staff/campaigns/${current.id}/${p}`),
    );
    for (const path of pages) {
      const tables = tablesOf(await (await client.get(`${path}?lng=es`)).text());
      expect(tables.length, path).toBeGreaterThan(0);
      for (const { before } of tables) expect(before, path).toMatch(/<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0">$/);
    }
  });

  it("stack a host's fundraisers, each cell labelled in Spanish", async () => {
    const { client, user } = await signedInClient(server, "host");
    await server.database.db.insert(hostProfiles).values({ userId: user.id, businessName: "Panadería Luna", contactName: "Luna" });
    await makeFundraiser(server.database.db, { campaign: current, hostUserId: user.id, title: "Pan para renovaciones" });
    const body = visible(await (await client.get("/host?lng=es")).text());
    expect(body).toContain('<table class="card-rows">');
    for (const label of [es.host.fields.title, es.host.fields.campaign, es.host.home.status, es.host.home.raised, es.host.fields.endsOn]) {
      expect(body).toContain(`<td data-label="${html(label)}">`);
    }
  });
});
