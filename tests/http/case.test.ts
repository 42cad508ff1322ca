import { processLinkRequests } from "../../app/modules/link-requests/link-requests.server";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, campaignTotals, caseSessions, feeRequests } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { approveFeeRequest, startReview } from "../../app/modules/applications/fee-requests.server";
import { emailIndexOf } from "../../app/modules/applicants/blind-index.server";
import { createCaseLink } from "../../app/modules/applicants/case-links.server";
import { readIdentity } from "../../app/modules/applicants/identity.server";
import { addCaseMessage, readCaseMessages } from "../../app/modules/applicants/messages.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { applicantEmails, applicationForm, emailChangeEmails, latestCaseLinkPath, latestEmailChangePath, publishedCampaign } from "../support/applicants";
import { renderEmail } from "../../app/modules/email/render.server";
import { EMAIL_CHANGE_TTL_HOURS } from "../../app/modules/applicants/policy";
import { makeUser } from "../support/factories";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: { id: string; slug: string };
let staffId: string;
beforeAll(async () => {
  server = await startTestServer();
  staffId = (await makeUser(server.database.db, { role: "admin" })).id;
  campaign = await publishedCampaign(server.database.db, staffId);
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

type Applicant = { client: Client; email: string; name: string; id: string; reference: string };

/** Applies through the form and opens the case with the emailed link, like a person would. */
async function applicant(name: string, language: "en" | "es" = "es"): Promise<Applicant> {
  const db = server.database.db;
  const client = new Client(server.url, { "Accept-Language": language });
  const form = applicationForm({ name, language });
  expect((await client.post(`/campaigns/${campaign.slug}/apply`, form)).status).toBe(303);
  const [request] = await db.select().from(feeRequests).orderBy(desc(feeRequests.createdAt)).limit(1);
  const open = await client.post(await latestCaseLinkPath(db, form.email), {});
  expect(open.status).toBe(303);
  expect(open.headers.get("location")).toBe("/case");
  return { client, email: form.email, name, id: request!.id, reference: request!.reference };
}

describe("following a case with the emailed link", () => {
  it("shows a button first (mail scanners cannot spend the link), then opens the case once", async () => {
    const db = server.database.db;
    const form = applicationForm({ name: "Marisol" });
    await new Client(server.url).post(`/campaigns/${campaign.slug}/apply`, form);
    const path = await latestCaseLinkPath(db, form.email);
    const visitor = new Client(server.url, { "Accept-Language": "es" });
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(await page.text()).toContain(html(es.case.openButton));
    }
    const opened = await visitor.post(path, {});
    expect(opened.status).toBe(303);
    const body = await (await visitor.get("/case")).text();
    expect(body).toContain(html("Hola, Marisol"));
    expect(body).toContain(html(es.case.status.submitted));
    const [request] = await db.select().from(feeRequests).orderBy(desc(feeRequests.createdAt)).limit(1);
    expect(body).toContain(request!.reference);

    const again = await new Client(server.url, { "Accept-Language": "es" }).post(path, {});
    expect(again.status).toBe(400);
    expect(await again.text()).toContain(html(es.case.linkInvalid.replace("{{hours}}", "72")));
  });

  it("refuses an expired link and a link replaced by a newer one", async () => {
    const db = server.database.db;
    const a = await applicant("Expira");
    const expired = await createCaseLink(db, a.id, new Date(Date.now() - 73 * 3_600_000));
    expect((await new Client(server.url).post(`/case/${expired}`, {})).status).toBe(400);
    const older = await createCaseLink(db, a.id);
    const newer = await createCaseLink(db, a.id);
    expect((await new Client(server.url).post(`/case/${older}`, {})).status).toBe(400);
    expect((await new Client(server.url).post(`/case/${newer}`, {})).status).toBe(303);
  });

  it("shows each step with friendly labels: in review, approved with the place in line, funded, paid and how", async () => {
    const db = server.database.db;
    const a = await applicant("Pasos", "en");
    const status = async () => (await (await a.client.get("/case")).text()).match(/data-testid="case-status"><strong>([^<]+)</)?.[1];
    await startReview(db, { feeRequestId: a.id, actorUserId: staffId });
    expect(await status()).toBe(en.case.status.in_review);
    await approveFeeRequest(db, { feeRequestId: a.id, actorUserId: staffId });
    expect(await status()).toBe(html(en.case.status.approved));
    const waiting = await (await a.client.get("/case")).text();
    expect(waiting).toMatch(/You are number \d+ in line\./);
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: `ch_case_${a.id}`, giftCents: 49_500 * 20 });
    await fundQueue(db, { campaignId: campaign.id });
    expect(await status()).toBe(en.case.status.funded);
    await payFee(db, { feeRequestId: a.id, method: "g1450_card", paidOn: "2026-03-02", lines: [{ form: "I-821D", amountCents: 8_500 }, { form: "I-765", amountCents: 41_000 }], recordedByUserId: staffId });
    const paid = await (await a.client.get("/case")).text();
    expect(paid).toContain(en.case.status.paid);
    expect(paid).toContain(html("Paid on March 2, 2026: Card (Form G-1450)."));
    // Review steps are emailed by the staff actions; funding and payment by the ledger, in the same transaction.
    expect((await applicantEmails(db, a.email)).map((e) => e.props.event)).toEqual(["paid", "funded", "received"]);
  });

  it("shows staff messages and takes the applicant's answer, stored encrypted", async () => {
    const db = server.database.db;
    const a = await applicant("Pregunta");
    await addCaseMessage(db, { feeRequestId: a.id, kind: "info_request", body: "¿Cuál es la fecha exacta de vencimiento?", authorUserId: staffId });
    const page = await (await a.client.get("/case")).text();
    expect(page).toContain(html("¿Cuál es la fecha exacta de vencimiento?"));
    expect(page).toContain(html(es.case.replySend));
    const bad = await a.client.post("/case", { body: "<b>hola</b>" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(html(es.errors.noMarkup));
    expect((await a.client.post("/case", { body: "Vence el 15 de marzo" })).status).toBe(302);
    expect((await readCaseMessages(db, a.id)).map((m) => [m.kind, m.body])).toEqual([
      ["info_request", "¿Cuál es la fecha exacta de vencimiento?"],
      ["applicant_reply", "Vence el 15 de marzo"],
    ]);
  });

  it("saves name and language at once; a new email takes effect only when the link sent to it is opened", async () => {
    const db = server.database.db;
    const a = await applicant("Antes");
    const newAddress = `nueva.${Date.now()}@example.net`;
    const form = await (await a.client.get("/case/contact")).text();
    expect(form).toContain(`value="${a.email}"`);
    const bad = await a.client.post("/case/contact", { name: "", email: "not-an-email", language: "es" });
    expect(bad.status).toBe(400);
    const badBody = await bad.text();
    expect(badBody).toContain(html(es.errors.required));
    expect(badBody).toContain(html(es.errors.email));
    expect(await readIdentity(db, a.id)).toMatchObject({ name: "Antes", email: a.email });

    const saved = await a.client.post("/case/contact", { name: "Después", email: newAddress, language: "en" });
    expect(saved.status).toBe(302);
    // Name and language now; the address not yet, and the pending one is sealed like the rest.
    expect(await readIdentity(db, a.id)).toMatchObject({ name: "Después", email: a.email });
    const [row] = await db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, a.id));
    expect(row!.emailIndex).toBe(emailIndexOf(a.email));
    expect(JSON.stringify(row)).not.toContain("nueva.");
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.language).toBe("en");
    const casePage = await (await a.client.get(saved.headers.get("location")!)).text();
    expect(casePage).toContain(html(en.case.emailConfirmSent));
    expect(casePage).toContain(newAddress);
    expect((await a.client.get("/case/contact")).status).toBe(200);

    // Until the link is opened, case emails keep going to the old address only.
    const [confirm, ...more] = await emailChangeEmails(db, newAddress);
    expect(more).toEqual([]);
    expect(confirm).toMatchObject({ locale: "en", props: { kind: "confirm", name: "Después" } });
    await new Client(server.url).post("/case/resend", { email: newAddress });
    await new Client(server.url).post("/case/resend", { email: a.email });
    await processLinkRequests(db);
    expect(await applicantEmails(db, newAddress)).toEqual([]);
    const oldLink = await latestCaseLinkPath(db, a.email);
    expect(await emailChangeEmails(db, a.email)).toEqual([]);

    // A mail scanner fetching the link spends nothing; the button does, and opens the case.
    const path = await latestEmailChangePath(db, newAddress);
    const visitor = new Client(server.url);
    const page = await visitor.get(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toContain(html(en.case.emailConfirmButton));
    expect((await readIdentity(db, a.id))!.email).toBe(a.email);
    const confirmed = await visitor.post(path, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/case?lng=en");
    expect(await readIdentity(db, a.id)).toMatchObject({ name: "Después", email: newAddress });
    const [after] = await db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, a.id));
    expect(after).toMatchObject({ emailIndex: emailIndexOf(newAddress), pendingEmail: null, pendingEmailTokenHash: null });
    const opened = await (await visitor.get("/case?lng=en")).text();
    expect(opened).toContain(html(en.case.emailConfirmed));
    expect(opened).toContain(a.reference);

    // The old address gets one neutral notice: no link, no new address, nothing about the request.
    const notices = await emailChangeEmails(db, a.email);
    expect(notices.map((n) => n.props.kind)).toEqual(["notice"]);
    for (const locale of ["en", "es"] as const) {
      const email = await renderEmail({ template: "email-change", locale, props: notices[0]!.props });
      const catalogue = locale === "en" ? en : es;
      expect(email.subject).toBe(catalogue.emailChange.notice.subject.replace("{{organizationName}}", "Fondo"));
      for (const text of [email.subject, email.text]) {
        expect(text).not.toMatch(/DACA|USCIS|immigra|inmigra|solicitud|request|fee|cuota|case|caso/i);
        expect(text).not.toContain(newAddress);
        expect(text).not.toContain(a.reference);
        expect(text).not.toContain("http");
      }
    }
    // Links already sent to the old address stop working; the confirmation link works once.
    expect((await new Client(server.url).post(oldLink, {})).status).toBe(400);
    const again = await new Client(server.url, { "Accept-Language": "es" }).post(path.replace("?lng=en", ""), {});
    expect(again.status).toBe(400);
    expect(await again.text()).toContain(html(es.case.emailLinkInvalid.replace("{{hours}}", String(EMAIL_CHANGE_TTL_HOURS))));
    expect(await emailChangeEmails(db, a.email)).toHaveLength(1);
    await new Client(server.url).post("/case/resend", { email: newAddress });
    await processLinkRequests(db);
    expect((await applicantEmails(db, newAddress))[0]).toMatchObject({ locale: "en", props: { event: "link", name: "Después" } });
  });

  it("refuses an expired, replaced, reused or other case's link in the visitor's language, changing nothing", async () => {
    const db = server.database.db;
    const a = await applicant("Alma");
    const b = await applicant("Berta");
    const first = `primera.${Date.now()}@example.net`;
    const second = `segunda.${Date.now()}@example.net`;
    expect((await a.client.post("/case/contact", { name: "Alma", email: first, language: "es" })).status).toBe(302);
    const firstPath = await latestEmailChangePath(db, first);
    // Giving the pending address again sends nothing more; a different one replaces it.
    expect((await a.client.post("/case/contact", { name: "Alma", email: first, language: "es" })).status).toBe(302);
    expect(await emailChangeEmails(db, first)).toHaveLength(1);
    expect((await a.client.post("/case/contact", { name: "Alma", email: second, language: "es" })).status).toBe(302);
    const secondPath = await latestEmailChangePath(db, second);
    const unchanged = async () => {
      expect(await readIdentity(db, a.id)).toMatchObject({ name: "Alma", email: a.email });
      expect(await readIdentity(db, b.id)).toMatchObject({ name: "Berta", email: b.email });
      expect(await emailChangeEmails(db, a.email)).toEqual([]);
    };
    const invalidText = html(es.case.emailLinkInvalid.replace("{{hours}}", String(EMAIL_CHANGE_TTL_HOURS)));

    const replaced = await new Client(server.url, { "Accept-Language": "es" }).post(firstPath, {});
    expect(replaced.status).toBe(400);
    expect(await replaced.text()).toContain(invalidText);
    await unchanged();

    // B's browser, with B's case open, cannot confirm an address for A's case.
    const crossed = await b.client.post(secondPath, {});
    expect(crossed.status).toBe(409);
    expect(await crossed.text()).toContain(html(es.case.emailLinkOtherCase));
    await unchanged();

    for (const bogus of ["/case/email/not-a-token", "/case/email/aaaaaaaaaaaaaaaaaaaaaaaa"]) {
      const response = await new Client(server.url, { "Accept-Language": "es" }).post(bogus, {});
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(invalidText);
    }

    await db.update(applicantIdentities).set({ pendingEmailExpiresAt: new Date(Date.now() - 1000) }).where(eq(applicantIdentities.feeRequestId, a.id));
    const expired = await new Client(server.url, { "Accept-Language": "en" }).post(secondPath.replace("?lng=es", ""), {});
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain(html(en.case.emailLinkInvalid.replace("{{hours}}", String(EMAIL_CHANGE_TTL_HOURS))));
    await unchanged();
    expect(await (await a.client.get("/case")).text()).not.toContain(second);

    // Giving the current address again cancels a pending change.
    expect((await a.client.post("/case/contact", { name: "Alma", email: first, language: "es" })).status).toBe(302);
    expect((await a.client.post("/case/contact", { name: "Alma", email: a.email.toUpperCase(), language: "es" })).status).toBe(302);
    expect((await new Client(server.url).post(await latestEmailChangePath(db, first), {})).status).toBe(400);
    await unchanged();
  });

  it("sends at most five links to new addresses an hour for one case", async () => {
    const db = server.database.db;
    const a = await applicant("Cinco");
    for (let i = 0; i < 5; i++) expect((await a.client.post("/case/contact", { name: "Cinco", email: `otra${i}.${Date.now()}@example.net`, language: "es" })).status).toBe(302);
    const limited = await a.client.post("/case/contact", { name: "Cinco", email: `sexta.${Date.now()}@example.net`, language: "es" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(html(es.case.emailChangeLimited));
    expect(await readIdentity(db, a.id)).toMatchObject({ email: a.email });
  });

  it("withdrawing a funded case gives its money back to the pool", async () => {
    const db = server.database.db;
    const a = await applicant("Financiada");
    await approveFeeRequest(db, { feeRequestId: a.id, actorUserId: staffId });
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: `ch_withdraw_${a.id}`, giftCents: 49_500 * 20 });
    await fundQueue(db, { campaignId: campaign.id });
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.status).toBe("funded");
    const held = async () => Number((await db.select().from(campaignTotals).where(eq(campaignTotals.campaignId, campaign.id)))[0]!.allocatedCents);
    const before = await held();
    expect((await a.client.post("/case/withdraw", {})).status).toBe(302);
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.status).toBe("withdrawn");
    expect(await held()).toBe(before - 49_500);
  });

  it("withdraws after a confirmation page, emails the applicant and cannot withdraw twice", async () => {
    const db = server.database.db;
    const a = await applicant("Retiro");
    const confirm = await (await a.client.get("/case/withdraw")).text();
    expect(confirm).toContain(html(es.case.withdrawConfirm));
    expect((await a.client.post("/case/withdraw", {})).status).toBe(302);
    const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, a.id));
    expect(request!.status).toBe("withdrawn");
    expect(request!.endedAt).not.toBeNull();
    expect((await applicantEmails(db, a.email))[0]!.props.event).toBe("withdrawn");
    expect(await (await a.client.get("/case")).text()).toContain(html(es.case.status.withdrawn));
    expect((await a.client.get("/case/withdraw")).status).toBe(302);
    expect((await a.client.post("/case/withdraw", {})).status).toBe(302);
    // Its contact details cannot change either, and the page says so (not that it cannot be withdrawn).
    const contact = await a.client.get("/case/contact");
    expect(contact.status).toBe(302);
    const told = await (await a.client.get(contact.headers.get("location")!)).text();
    expect(told).toContain(html(es.case.cannotChangeContact));
    expect(told).not.toContain(html(es.case.cannotWithdraw));
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.status).toBe("withdrawn");
  });

  it("closes the case on this device", async () => {
    const a = await applicant("Cierre");
    expect((await a.client.post("/case", { intent: "close" })).status).toBe(303);
    const after = await a.client.get("/case");
    expect(after.status).toBe(401);
    expect(await after.text()).not.toContain(a.reference);
  });

  it("ends the case session after 30 minutes", async () => {
    const db = server.database.db;
    const a = await applicant("Tiempo");
    await db.update(caseSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(caseSessions.feeRequestId, a.id));
    const page = await a.client.get("/case");
    expect(page.status).toBe(401);
    expect(await page.text()).not.toContain("Tiempo");
  });
});

describe("nobody else can reach a case", () => {
  it("applicant A cannot open B's case by id, by reference, or by B's spent link", async () => {
    const db = server.database.db;
    const a = await applicant("Alicia");
    const b = await applicant("Beatriz");
    for (const guess of [b.id, b.reference, b.reference.toLowerCase()]) {
      expect((await a.client.post(`/case/${encodeURIComponent(guess)}`, {})).status).toBe(400);
    }
    const spent = await latestCaseLinkPath(db, b.email);
    expect((await a.client.post(spent, {})).status).toBe(400);
    const page = await (await a.client.get("/case")).text();
    expect(page).toContain(a.reference);
    expect(page).not.toContain(b.reference);
    expect(page).not.toContain("Beatriz");
  });

  it("B's session acts only on B's case", async () => {
    const db = server.database.db;
    const a = await applicant("Ana Uno");
    const b = await applicant("Bea Dos");
    await b.client.post("/case/contact", { name: "Cambiado", email: "cambiado@example.net", language: "es" });
    await b.client.post("/case/withdraw", {});
    expect(await readIdentity(db, a.id)).toMatchObject({ name: "Ana Uno", email: a.email });
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.status).toBe("submitted");
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, b.id)))[0]!.status).toBe("withdrawn");
    // A forged cookie naming A's session id with B's secret opens nothing.
    const [sessionA] = await db.select().from(caseSessions).where(eq(caseSessions.feeRequestId, a.id));
    const bCookie = [...b.client.cookies].find(([k]) => k.includes("fondo_case"))!;
    const forged = new Client(server.url);
    forged.cookies.set(bCookie[0], `${sessionA!.id}.${bCookie[1].split(".")[1]}`);
    expect((await forged.get("/case")).status).toBe(401);
  });

  it("a signed-in host or staff member has no case: no page, no change", async () => {
    const db = server.database.db;
    const a = await applicant("Privada");
    for (const role of ["host", "reviewer", "admin"] as const) {
      const { client } = await signedInClient(server, role);
      const page = await client.get("/case");
      expect(page.status).toBe(401);
      const body = await page.text();
      expect(body).not.toContain("Privada");
      expect(body).not.toContain(a.reference);
      expect((await client.get("/case/contact")).status).toBe(303);
      expect((await client.post("/case/withdraw", {})).status).toBe(303);
      expect((await client.post("/case", { body: "hola" })).status).toBe(303);
    }
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.status).toBe("submitted");
  });

  it("fails closed on tampered or moved ciphertext: a safe error, never another person's data", async () => {
    const db = server.database.db;
    const a = await applicant("Original");
    const b = await applicant("Otrapersona");
    const [rowB] = await db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, b.id));
    await db.update(applicantIdentities).set({ name: rowB!.name }).where(eq(applicantIdentities.feeRequestId, a.id));
    const moved = await a.client.get("/case");
    expect(moved.status).toBe(500);
    const body = await moved.text();
    expect(body).toContain(html(es.case.unreadable));
    expect(body).not.toContain("Otrapersona");
    expect(body).not.toContain("Original");
    expect(body).toContain(a.reference);

    const [version, iv, sealed] = rowB!.email!.split(".");
    const bytes = Buffer.from(sealed!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    const tampered = `${version}.${iv}.${bytes.toString("base64url")}`;
    await db.update(applicantIdentities).set({ email: tampered }).where(eq(applicantIdentities.feeRequestId, b.id));
    const bodyB = await (await b.client.get("/case")).text();
    expect(bodyB).toContain(html(es.case.unreadable));
    expect(bodyB).not.toContain("Otrapersona");
  });
});

describe("asking for a fresh link", () => {
  it("answers the same for a known and an unknown email, and emails the known one a new link", async () => {
    const db = server.database.db;
    const a = await applicant("Reenvio");
    const known = await new Client(server.url).post("/case/resend", { email: a.email.toUpperCase() });
    const unknown = await new Client(server.url).post("/case/resend", { email: "nobody-here@example.net" });
    expect([known.status, known.headers.get("location")]).toEqual([303, "/case/resend?sent=1"]);
    expect([unknown.status, unknown.headers.get("location")]).toEqual([303, "/case/resend?sent=1"]);
    // The worker decides whether there is a case to write to.
    await processLinkRequests(db);
    const emails = await applicantEmails(db, a.email);
    expect(emails[0]!.props.event).toBe("link");
    expect((await new Client(server.url).post(new URL(emails[0]!.props.url).pathname, {})).status).toBe(303);
  });

  it("validates the email in the visitor's language and limits requests per address", async () => {
    const visitor = new Client(server.url, { "Accept-Language": "es" });
    const bad = await visitor.post("/case/resend", { email: "nope" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(html(es.errors.email));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await visitor.post("/case/resend", { email: `x${i}@example.net` })).status);
    expect(statuses.every((s) => s === 303)).toBe(true);
    const limited = await visitor.post("/case/resend", { email: "x@example.net" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(html(es.errors.tooManyAttempts));
  });

  it("does not flood an applicant's inbox: a few links an hour per case at most", async () => {
    const db = server.database.db;
    const a = await applicant("Inundar");
    const before = (await applicantEmails(db, a.email)).length;
    for (let i = 0; i < 8; i++) await new Client(server.url).post("/case/resend", { email: a.email });
    await processLinkRequests(db);
    expect((await applicantEmails(db, a.email)).length - before).toBe(5);
  });
});
