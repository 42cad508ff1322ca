import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, campaigns, caseMessages, feeRequests, organization, outbox } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { sealIdentity } from "../../app/modules/applicants/identity.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { approveFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordRejectedAtIntake } from "../../app/modules/uscis/status.server";
import { todayIn } from "../../app/modules/dates/dates";
import { formatMoney } from "../../app/modules/i18n/format";
import { makeCampaign } from "../support/ledger";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { formatDate, formatDateTime } from "../../app/modules/dates/format";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { makeUser } from "../support/factories";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
let other: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
  const all = await server.database.db.select().from(campaigns);
  campaign = all.find((c) => c.slug === "renewal-drive-495")!;
  other = all.find((c) => c.slug === "daca-renewals-2026")!;
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
let n = 0;

/** A case as the apply form leaves it, with unmistakable personal data. */
async function makeCase(p: { expires: string; campaignId?: string; language?: "en" | "es" }) {
  const tag = `${++n}${Math.random().toString(36).slice(2, 6)}`;
  const request = await createFeeRequest(server.database.db, {
    campaignId: p.campaignId ?? campaign.id,
    filingMethod: "online",
    dacaExpiresOn: p.expires,
    state: "NM",
    language: p.language ?? "es",
  });
  const name = `Zenaida Quetzal ${tag}`;
  const email = `zenaida.${tag}@example.org`;
  await sealIdentity(server.database.db, { feeRequestId: request.id, name, email, note: `Nota secreta ${tag}` });
  return { ...request, name, email };
}

/** Shows a case's personal data the way the page's form does: a same-origin POST with the reason. */
const reveal = (client: Client, id: string, reason: string) => client.post(`/staff/cases/${id}`, { intent: "reveal", reason });

const statusOf = async (id: string) => (await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, id)))[0]!.status;
const viewsOf = (id: string) =>
  server.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "case.viewed")));

describe("the staff queue", () => {
  it("lists cases of every campaign by urgency, with no personal data", async () => {
    const later = await makeCase({ expires: "2027-06-01" });
    const sooner = await makeCase({ expires: "2027-01-20", campaignId: other.id });
    const { client } = await signedInClient(server, "reviewer");
    const response = await client.get("/staff/cases?lng=en");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = await response.text();
    expect(body.indexOf(sooner.reference)).toBeGreaterThan(-1);
    expect(body.indexOf(sooner.reference)).toBeLessThan(body.indexOf(later.reference));
    for (const secret of [later.name, later.email, "Zenaida", "Nota secreta"]) expect(body).not.toContain(secret);
    expect(body).toContain(html(en.requestStatus.submitted));
  });

  it("filters by campaign and status, and sorts by age", async () => {
    const first = await makeCase({ expires: "2027-09-01" });
    const second = await makeCase({ expires: "2027-02-01" });
    const elsewhere = await makeCase({ expires: "2027-03-01", campaignId: other.id });
    const { client } = await signedInClient(server, "reviewer");
    const byCampaign = await (await client.get(`/staff/cases?campaign=${campaign.id}&status=submitted&sort=oldest`)).text();
    expect(byCampaign).toContain(first.reference);
    expect(byCampaign).not.toContain(elsewhere.reference);
    expect(byCampaign.indexOf(first.reference)).toBeLessThan(byCampaign.indexOf(second.reference));
    const newest = await (await client.get(`/staff/cases?campaign=${campaign.id}&sort=newest`)).text();
    expect(newest.indexOf(second.reference)).toBeLessThan(newest.indexOf(first.reference));
    const paidOnly = await (await client.get("/staff/cases?status=paid")).text();
    expect(paidOnly).not.toContain(first.reference);
    // Nonsense filters fall back to the defaults rather than failing.
    expect((await client.get("/staff/cases?status=<script>&campaign=x&sort=1")).status).toBe(200);
  });
});

describe("the queue and the case page read one clock", () => {
  it("show the same day, the organization's, for a case received late in the evening there", async () => {
    const late = await makeCase({ expires: "2026-12-10" });
    // 9:24 pm on 1 December in California is already 2 December in UTC.
    const receivedAt = new Date("2026-12-02T05:24:00Z");
    await server.database.db.update(feeRequests).set({ createdAt: receivedAt }).where(eq(feeRequests.id, late.id));
    const { client } = await signedInClient(server, "reviewer");
    const queue = await (await client.get("/staff/cases?lng=es")).text();
    const row = queue.split("<tr").find((r) => r.includes(late.reference))!;
    expect(row).toContain(formatDate("2026-12-01", "es"));
    expect(row).not.toContain(formatDate("2026-12-02", "es"));
    const page = await (await client.get(`/staff/cases/${late.id}?lng=es`)).text();
    const shown = formatDateTime(receivedAt, "es", "America/Los_Angeles");
    expect(shown).toMatch(/^1 de diciembre de 2026 a las 9:24/);
    expect(page).toContain(shown);
  });
});

describe("a case page", () => {
  it("shows personal data only for a stated reason sent by POST, and records every view in the audit log", async () => {
    const c = await makeCase({ expires: "2027-04-01" });
    const { client, user } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const hidden = await (await client.get(`/staff/cases/${c.id}`)).text();
    expect(hidden).toContain(c.reference);
    expect(hidden).not.toContain(c.name);
    expect(hidden).toContain(html(es.staffCases.reveal));
    expect(await viewsOf(c.id)).toHaveLength(0);

    const shown = await reveal(client, c.id, "review");
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toContain("no-store");
    const body = await shown.text();
    expect(body).toContain(c.name);
    expect(body).toContain(c.email);
    await reveal(client, c.id, "contact");
    const views = await viewsOf(c.id);
    expect(views.map((v) => v.details.reason).sort()).toEqual(["contact", "review"]);
    expect(views.every((v) => v.actorUserId === user.id)).toBe(true);
    // The log itself holds no personal data.
    expect(JSON.stringify(views)).not.toContain("Zenaida");

    // No reason, or one outside the list: a field error in the visitor's language, nothing shown or recorded.
    for (const reason of ["", "curious"]) {
      const refused = await client.post(`/staff/cases/${c.id}`, { intent: "reveal", reason });
      expect(refused.status).toBe(400);
      const text = await refused.text();
      expect(text).toContain(html(es.staffCases.reasonRequired));
      expect(text).not.toContain(c.name);
    }
    expect(await viewsOf(c.id)).toHaveLength(2);
  });

  it("a link (GET with a reason) decrypts and records nothing, and a cross-site POST is refused", async () => {
    const c = await makeCase({ expires: "2027-04-02" });
    const { client } = await signedInClient(server, "reviewer");
    const linked = await client.get(`/staff/cases/${c.id}?reason=legal`);
    expect(linked.status).toBe(200);
    expect(await linked.text()).not.toContain(c.name);
    const forgeries: Record<string, string>[] = [{ Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
    for (const headers of forgeries) {
      const forged = await client.request(`/staff/cases/${c.id}`, { form: { intent: "reveal", reason: "legal" }, headers });
      expect(forged.status).toBe(403);
      expect(await forged.text()).not.toContain(c.name);
    }
    expect(await viewsOf(c.id)).toHaveLength(0);
  });

  it("says so when a case holds no personal data (money-only records)", async () => {
    const request = await createFeeRequest(server.database.db, { campaignId: campaign.id, filingMethod: "paper", dacaExpiresOn: "2027-03-03", state: "OR", language: "en" });
    const { client } = await signedInClient(server, "reviewer");
    const body = await (await client.get(`/staff/cases/${request.id}?lng=en`)).text();
    expect(body).toContain(html(en.staffCases.noIdentity));
    expect((await reveal(client, request.id, "review")).status).toBe(200);
    expect(body).not.toContain(html(en.staffCases.reveal));
    expect(await viewsOf(request.id)).toHaveLength(0);
  });

  it("answers 404 for unknown or malformed ids", async () => {
    const { client } = await signedInClient(server, "reviewer");
    expect((await client.get(`/staff/cases/${randomUUID()}`)).status).toBe(404);
    expect((await client.get("/staff/cases/not-a-uuid?reason=review")).status).toBe(404);
    expect((await client.post(`/staff/cases/${randomUUID()}`, { intent: "approve" })).status).toBe(404);
  });
});

describe("staff decisions", () => {
  it("start review, then approve: the fee is snapshotted, allocation funds it from the pool, the applicant is emailed each time", async () => {
    const c = await makeCase({ expires: "2026-12-24" });
    const { client } = await signedInClient(server, "reviewer");
    expect((await client.post(`/staff/cases/${c.id}`, { intent: "start-review" })).status).toBe(302);
    expect(await statusOf(c.id)).toBe("in_review");
    await recordDonation(server.database.db, { campaignId: campaign.id, idempotencyKey: `staff-cases-${c.id}`, giftCents: 49_500 * 3 });
    const approve = await client.post(`/staff/cases/${c.id}`, { intent: "approve" });
    expect(approve.status).toBe(302);
    expect(approve.headers.get("location")).toBe(`/staff/cases/${c.id}`);
    const [request] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, c.id));
    expect(request!.feeCents).toBe(49_500);
    expect(request!.status).toBe("funded");
    const emails = await server.database.db.select().from(outbox).where(eq(outbox.sealed, true));
    const mine = emails.filter((e) => e.idempotencyKey.startsWith(`case/${c.id}/`));
    expect(mine.map((e) => e.idempotencyKey.split("/")[2]).sort()).toEqual(["approved", "funded", "in_review"]);
    for (const e of mine) expect(JSON.stringify(e)).not.toContain(c.email);
    // The funded case can now be paid: the page links to the payment form.
    const page = await (await client.get(`/staff/cases/${c.id}`)).text();
    expect(page).toContain(`/staff/requests/${c.id}/pay`);
  });

  it("a rejection needs a reason, which is stored encrypted and emailed; a finished case takes no more decisions", async () => {
    const c = await makeCase({ expires: "2027-05-05" });
    const { client } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const empty = await client.post(`/staff/cases/${c.id}`, { intent: "reject", reason: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain(html(es.errors.required));
    const markup = await client.post(`/staff/cases/${c.id}`, { intent: "reject", reason: "<script>alert(1)</script>" });
    expect(markup.status).toBe(400);
    expect(await statusOf(c.id)).toBe("submitted");

    const reason = "La fecha de vencimiento no coincide con la tarjeta";
    expect((await client.post(`/staff/cases/${c.id}`, { intent: "reject", reason })).status).toBe(302);
    expect(await statusOf(c.id)).toBe("rejected");
    const [message] = await server.database.db.select().from(caseMessages).where(eq(caseMessages.feeRequestId, c.id));
    expect(message!.kind).toBe("rejection");
    expect(message!.body).not.toContain("vencimiento");
    const audit = await server.database.db.select().from(auditLog).where(eq(auditLog.subjectId, c.id));
    expect(JSON.stringify(audit)).not.toContain("vencimiento");
    const shown = await (await reveal(client, c.id, "review")).text();
    expect(shown).toContain(reason);

    const again = await client.post(`/staff/cases/${c.id}`, { intent: "approve" });
    expect(again.status).toBe(302);
    expect(await statusOf(c.id)).toBe("rejected");
  });

  it("asks for information: the message is emailed and kept encrypted, and the case moves into review", async () => {
    const c = await makeCase({ expires: "2027-05-06", language: "en" });
    const { client } = await signedInClient(server, "reviewer");
    const message = "Please confirm your filing method";
    expect((await client.post(`/staff/cases/${c.id}`, { intent: "request-info", message })).status).toBe(302);
    expect(await statusOf(c.id)).toBe("in_review");
    const [stored] = await server.database.db.select().from(caseMessages).where(eq(caseMessages.feeRequestId, c.id));
    expect(stored!.kind).toBe("info_request");
    expect(stored!.body).not.toContain("filing method");
    const emails = await server.database.db.select().from(outbox).where(eq(outbox.sealed, true));
    expect(emails.some((e) => e.idempotencyKey.startsWith(`case/${c.id}/info_requested`))).toBe(true);
  });
});

describe("refiling and re-pricing", () => {
  const lines = [
    { form: "I-821D", amountCents: 8_500 },
    { form: "I-765", amountCents: 47_000 },
  ];

  it("a case rejected at intake is refiled from the case page, in either language, and funded again from its returned fee", async () => {
    const db = server.database.db;
    const fixed = await makeCampaign(db, (await makeUser(db, { role: "admin" })).id, { feeSource: "fixed", fixedFee: 55_500 });
    const c = await makeCase({ expires: "2027-02-02", campaignId: fixed.id });
    await approveFeeRequest(db, { feeRequestId: c.id, actorUserId: null });
    await recordDonation(db, { campaignId: fixed.id, idempotencyKey: `refile-${c.id}`, giftCents: 55_500 });
    await fundQueue(db, { campaignId: fixed.id });
    await payFee(db, { feeRequestId: c.id, method: "g1450_card", paidOn: todayIn("America/Los_Angeles"), lines, recordedByUserId: null });
    await recordRejectedAtIntake(db, { feeRequestId: c.id, actorUserId: null, rejectedOn: todayIn("America/Los_Angeles") });
    const { client } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const es_ = await (await client.get(`/staff/cases/${c.id}`)).text();
    expect(es_).toContain(html(es.uscis.refile));
    // The filing cannot be recorded before the held fee pays the refiled packet.
    expect(es_).not.toContain(html(es.uscis.recordFiled));
    const { client: english } = await signedInClient(server, "reviewer", { "Accept-Language": "en" });
    expect(await (await english.get(`/staff/cases/${c.id}`)).text()).toContain(html(en.uscis.refile));
    const refiled = await client.post(`/staff/cases/${c.id}`, { intent: "uscis-refiled" });
    expect(refiled.status).toBe(302);
    expect(await statusOf(c.id)).toBe("funded");
    expect(await (await client.get(`/staff/cases/${c.id}`)).text()).toContain(`/staff/requests/${c.id}/pay`);
  });

  it("a re-priced case the pool cannot top up shows as funded and short on the queue, requests and case pages, in both languages", async () => {
    const db = server.database.db;
    const scheduled = await makeCampaign(db, (await makeUser(db, { role: "admin" })).id, { feeSource: "schedule", fixedFee: undefined });
    const c = await makeCase({ expires: "2027-02-03", campaignId: scheduled.id });
    await approveFeeRequest(db, { feeRequestId: c.id, actorUserId: null, on: "2024-03-15" });
    await recordDonation(db, { campaignId: scheduled.id, idempotencyKey: `short-${c.id}`, giftCents: 49_500 });
    await fundQueue(db, { campaignId: scheduled.id });
    await expect(payFee(db, { feeRequestId: c.id, method: "g1450_card", paidOn: "2026-11-02", lines, recordedByUserId: null })).rejects.toMatchObject({ code: "short" });
    const { client: spanish } = await signedInClient(server, "admin", { "Accept-Language": "es" });
    const { client: english } = await signedInClient(server, "admin", { "Accept-Language": "en" });
    const short = (locale: typeof en, language: "en" | "es") => html(locale.requestStatus.fundedShort.replace("{{amount}}", formatMoney(6_000, language)));
    for (const path of [`/staff/cases?campaign=${scheduled.id}`, `/staff/campaigns/${scheduled.id}/requests`, `/staff/cases/${c.id}`]) {
      expect(await (await english.get(path)).text(), path).toContain(short(en, "en"));
      expect(await (await spanish.get(path)).text(), path).toContain(short(es as typeof en, "es"));
    }
  });
});

describe("who may reach cases", () => {
  it("refuses hosts (403) and anonymous visitors (sign-in) on every case route", async () => {
    const c = await makeCase({ expires: "2027-07-07" });
    const { client: host } = await signedInClient(server, "host");
    for (const path of ["/staff/cases", `/staff/cases/${c.id}`, `/staff/cases/${c.id}?reason=review`]) {
      const response = await host.get(path);
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain(c.name);
    }
    expect((await reveal(host, c.id, "review")).status).toBe(403);
    expect((await host.post(`/staff/cases/${c.id}`, { intent: "approve" })).status).toBe(403);
    expect((await host.post(`/staff/cases/${c.id}`, { intent: "reject", reason: "no" })).status).toBe(403);
    const anonymous = await reveal(new Client(server.url), c.id, "review");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/sign-in");
    expect((await new Client(server.url).post(`/staff/cases/${c.id}`, { intent: "approve" })).status).toBe(302);
    expect(await statusOf(c.id)).toBe("submitted");
    expect(await viewsOf(c.id)).toHaveLength(0);
  });

  it("a reviewer must set up two-step verification before reaching any applicant data, then can", async () => {
    const c = await makeCase({ expires: "2027-08-09" });
    const password = "a reviewer's long password";
    const user = await makeUser(server.database.db, { role: "reviewer", password });
    const reviewer = new Client(server.url, { "Accept-Language": "es" });
    const signIn = await reviewer.post("/sign-in", { intent: "password", email: user.email, password, redirectTo: `/staff/cases/${c.id}` });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toContain("/sign-in/two-factor");
    for (const path of ["/staff", "/staff/cases", `/staff/cases/${c.id}`, `/staff/requests/${c.id}/pay`]) {
      const response = await reviewer.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe("/staff/two-factor");
    }
    const refused = await reveal(reviewer, c.id, "review");
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toBe("/staff/two-factor");
    expect(await refused.text()).not.toContain(c.name);
    expect((await reviewer.post(`/staff/cases/${c.id}`, { intent: "approve" })).status).toBe(302);
    expect(await statusOf(c.id)).toBe("submitted");
    expect(await viewsOf(c.id)).toHaveLength(0);

    // The setup page says why, in the reviewer's language; turning it on opens the case.
    const setup = await reviewer.get("/staff/two-factor");
    expect(setup.status).toBe(200);
    const page = await setup.text();
    expect(page).toContain(html(es.twoFactor.requiredForStaff));
    const secret = /data-testid="totp-secret">([A-Z2-7]{32})</.exec(page)![1]!;
    const enabled = await reviewer.post("/staff/two-factor", { secret, code: generateTOTP(decodeBase32IgnorePadding(secret), 30, 6) });
    expect(enabled.status).toBe(302);
    const shown = await reveal(reviewer, c.id, "review");
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain(c.name);
    expect(await viewsOf(c.id)).toHaveLength(1);
  });

  it("a reviewer with two-step verification passes the code step before seeing applicant data", async () => {
    const c = await makeCase({ expires: "2027-08-10" });
    const password = "another long password";
    const user = await makeUser(server.database.db, { role: "reviewer", password, totp: true });
    const reviewer = new Client(server.url);
    expect((await reviewer.post("/sign-in", { intent: "password", email: user.email, password })).headers.get("location")).toBe("/sign-in/two-factor");
    const pending = await reveal(reviewer, c.id, "review");
    expect(pending.headers.get("location")).toBe("/sign-in/two-factor");
    expect(await pending.text()).not.toContain(c.name);
    expect((await reviewer.post("/sign-in/two-factor", { code: "000000" })).status).toBe(400);
    expect((await reviewer.post("/sign-in/two-factor", { code: generateTOTP(decodeBase32IgnorePadding(user.totpSecret!), 30, 6) })).status).toBe(303);
    expect(await (await reveal(reviewer, c.id, "review")).text()).toContain(c.name);
  });

  it("every staff route that takes an id refuses the wrong role, for reading and for changing", async () => {
    const c = await makeCase({ expires: "2027-08-08" });
    const { client: host } = await signedInClient(server, "host");
    const { client: reviewer, user } = await signedInClient(server, "reviewer");
    const withActions = [
      `/staff/cases/${c.id}`,
      `/staff/requests/${c.id}/pay`,
      `/staff/campaigns/${campaign.id}`,
      `/staff/campaigns/${campaign.id}/requests`,
      `/staff/campaigns/${campaign.id}/donations`,
      `/staff/campaigns/${campaign.id}/ledger`,
      `/staff/users/${user.id}`,
    ];
    const downloads = [`/staff/campaigns/${campaign.id}/donations.csv`, `/staff/campaigns/${campaign.id}/ledger.csv`];
    for (const path of [...withActions, ...downloads]) expect((await host.get(path)).status, `GET ${path}`).toBe(403);
    for (const path of withActions) expect((await host.post(path, { intent: "approve" })).status, `POST ${path}`).toBe(403);
    // Admin-only pages refuse reviewers.
    expect((await reviewer.get(`/staff/users/${user.id}`)).status).toBe(403);
    expect((await reviewer.post(`/staff/users/${user.id}`, { intent: "disable" })).status).toBe(403);
    expect((await reviewer.get(`/staff/audit?case=${c.reference}`)).status).toBe(403);
    expect(await statusOf(c.id)).toBe("submitted");
  });
});

describe("the audit log page", () => {
  it("lets admins read who viewed a case and why, filtered by reference, with no personal data", async () => {
    const c = await makeCase({ expires: "2027-10-10" });
    const { client: reviewer } = await signedInClient(server, "reviewer");
    await reveal(reviewer, c.id, "payment");
    const { client: admin } = await signedInClient(server, "admin");
    const response = await admin.get(`/staff/audit?case=${c.reference.toLowerCase()}&lng=en`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("case.viewed");
    expect(body).toContain(html(en.staffCases.reasons.payment));
    expect(body).toContain(c.reference);
    expect(body).not.toContain(c.name);
    expect(body).not.toContain(c.email);
    const unknown = await (await admin.get("/staff/audit?case=F-NOPE&lng=en")).text();
    expect(unknown).toContain("F-NOPE");
  });
});

describe("applicant data settings", () => {
  it("keeps optional fields off by default; an admin turns them on and sets the retention window", async () => {
    const [before] = await server.database.db.select().from(organization);
    expect(before).toMatchObject({ collectANumber: false, collectDateOfBirth: false, caseRetentionDays: 30 });
    const { client } = await signedInClient(server, "admin", { "Accept-Language": "es" });
    const base = { name: before!.name, timezone: before!.timezone };
    const bad = await client.post("/staff/settings", { ...base, caseRetentionDays: "-3" });
    expect(bad.status).toBe(400);
    expect((await server.database.db.select().from(organization))[0]!.caseRetentionDays).toBe(30);
    const saved = await client.post("/staff/settings", { ...base, collectANumber: "on", caseRetentionDays: "45" });
    expect(saved.status).toBe(302);
    const [after] = await server.database.db.select().from(organization);
    expect(after).toMatchObject({ collectANumber: true, collectDateOfBirth: false, caseRetentionDays: 45 });
    const page = await (await client.get("/staff/settings")).text();
    expect(page).toContain(html(es.privacySettings.retentionDays));
    // Turn them back off, as the rest of the suite expects.
    expect((await client.post("/staff/settings", { ...base, caseRetentionDays: "30" })).status).toBe(302);
    expect((await server.database.db.select().from(organization))[0]!.collectANumber).toBe(false);
  });

  it("sets the no-news limit and the follow-up days; out-of-range days are field errors", async () => {
    const [before] = await server.database.db.select().from(organization);
    expect(before).toMatchObject({ noNewsDays: 180, paidNotFiledDays: 14, fundedNotPaidDays: 14 });
    const { client } = await signedInClient(server, "admin", { "Accept-Language": "es" });
    const base = { name: before!.name, timezone: before!.timezone, caseRetentionDays: "30" };
    expect((await client.post("/staff/settings", { ...base, paidNotFiledDays: "0" })).status).toBe(400);
    expect((await client.post("/staff/settings", { ...base, noNewsDays: "120", paidNotFiledDays: "10", fundedNotPaidDays: "7" })).status).toBe(302);
    expect((await server.database.db.select().from(organization))[0]).toMatchObject({ noNewsDays: 120, paidNotFiledDays: 10, fundedNotPaidDays: 7 });
    expect(await (await client.get("/staff/settings")).text()).toContain(html(es.privacySettings.followUpHeading));
    expect((await client.post("/staff/settings", { ...base, noNewsDays: "180", paidNotFiledDays: "14", fundedNotPaidDays: "14" })).status).toBe(302);
  });
});
