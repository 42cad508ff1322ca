import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, feeRequests } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";
import { makeApprovedRequest } from "../support/ledger";

let server: TestServer;
let current: typeof campaigns.$inferSelect;
let fixed: typeof campaigns.$inferSelect;
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.database.db);
  const all = await server.database.db.select().from(campaigns);
  current = all.find((c) => c.slug === "daca-renewals-2026")!;
  fixed = all.find((c) => c.slug === "renewal-drive-495")!;
});
afterAll(() => server.stop());

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

describe("the public transparency page", () => {
  it("shows the money trail in the visitor's language and no person's name or email", async () => {
    const response = await new Client(server.url).get("/campaigns/daca-renewals-2026/transparency?lng=es");
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(html(es.transparency.howHeading));
    expect(body).toContain("<svg");
    for (const secret of ["Lucía", "lucia@example.org", "Tom Becker", "Iglesia", "F-"]) expect(body).not.toContain(secret);
  });

  it("agrees with the public API", async () => {
    const api = await (await new Client(server.url).get("/api/campaigns/daca-renewals-2026")).json();
    const body = await (await new Client(server.url).get("/campaigns/daca-renewals-2026/transparency?lng=en")).text();
    const dollars = `$${(api.raised_cents / 100).toLocaleString("en-US")}`;
    expect(body).toContain(dollars);
    expect(api.raised_cents).toBeGreaterThan(0);
  });

  it("is not served for drafts", async () => {
    const { client } = await signedInClient(server, "admin");
    const form = new FormData();
    for (const [k, v] of Object.entries({ titleEn: "Draft", titleEs: "Borrador", slug: "secret-draft", storyEn: "s", storyEs: "s", goalFees: "3", feeSource: "schedule" })) form.set(k, v);
    expect((await client.post("/staff/campaigns/new", form)).status).toBe(302);
    expect((await new Client(server.url).get("/campaigns/secret-draft/transparency")).status).toBe(404);
    expect((await new Client(server.url).get("/api/campaigns/secret-draft")).status).toBe(404);
  });
});

describe("staff money pages", () => {
  it("exports the ledger and donations as CSV for staff only", async () => {
    expect((await new Client(server.url).get(`/staff/campaigns/${current.id}/ledger.csv`)).status).toBe(302);
    const { client: host } = await signedInClient(server, "host");
    expect((await host.get(`/staff/campaigns/${current.id}/ledger.csv`)).status).toBe(403);
    const { client } = await signedInClient(server, "reviewer");
    const ledger = await client.get(`/staff/campaigns/${current.id}/ledger.csv?kind=donation`);
    expect(ledger.headers.get("content-type")).toContain("text/csv");
    const rows = parse(await ledger.text(), { bom: true, columns: true, cast: true }) as Record<string, string | number>[];
    expect(Object.keys(rows[0]!)).toEqual(["transaction_id", "created_at", "kind", "reference", "reverses_transaction_id", "memo", "account_type", "account", "line", "amount_cents", "amount_usd"]);
    expect(rows.every((r) => r.kind === "donation")).toBe(true);
    expect(rows.reduce((total, r) => total + Number(r.amount_cents), 0)).toBe(0);
    const donations = await (await client.get(`/staff/campaigns/${current.id}/donations.csv`)).text();
    expect(donations).toContain("Lucía Hernández");
    expect(donations).not.toMatch(/anon1@example.org.*Anonymous/);
  });

  it("shows the ledger filtered by kind, with balances", async () => {
    const { client } = await signedInClient(server, "reviewer");
    const body = await (await client.get(`/staff/campaigns/${current.id}/ledger?kind=refund&lng=en`)).text();
    expect(body).toContain(en.ledger.kinds.refund);
    expect(body).not.toContain(`<td>${en.ledger.kinds.allocation}`);
  });

  it("refuses a request id from another campaign and changes nothing", async () => {
    const { client } = await signedInClient(server, "reviewer");
    const [other] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.campaignId, fixed.id));
    const before = other!.status;
    const response = await client.post(`/staff/campaigns/${current.id}/requests`, { intent: other!.status === "funded" ? "release" : "allocate", requestId: other!.id });
    expect(response.status).toBe(404);
    const [after] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, other!.id));
    expect(after!.status).toBe(before);
  });

  it("records a payment to USCIS: wrong totals are refused, the right ones mark the request paid", async () => {
    const { client } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const request = await makeApprovedRequest(server.database.db, fixed.id, "2026-12-01");
    await recordDonation(server.database.db, { campaignId: fixed.id, idempotencyKey: "http-pay", giftCents: 49_500 });
    const allocate = await client.post(`/staff/campaigns/${fixed.id}/requests`, { intent: "allocate", requestId: request.id });
    expect(allocate.status).toBe(302);
    const [funded] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(funded!.status).toBe("funded");

    const wrong = await client.post(`/staff/requests/${request.id}/pay`, {
      method: "g1450_card",
      paidOn: "2026-11-24",
      "lines[0].form": "I-765",
      "lines[0].amount": "410",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(html(es.ledger.errors.amount_mismatch));

    const right = await client.post(`/staff/requests/${request.id}/pay`, {
      method: "g1450_card",
      paidOn: "2026-11-24",
      reference: "G1450-77",
      "lines[0].form": "I-765",
      "lines[0].amount": "410.00",
      "lines[1].form": "biometrics",
      "lines[1].amount": "85",
    });
    expect(right.status).toBe(302);
    const [paid] = await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
    expect(paid!.status).toBe("paid");
  });
});

describe("the check rule", () => {
  it("a check dated 2025-10-28 or later is a field error unless the case records a Form G-1651 exemption", async () => {
    const db = server.database.db;
    const { client } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const request = await makeApprovedRequest(db, fixed.id, "2026-12-02");
    await recordDonation(db, { campaignId: fixed.id, idempotencyKey: "http-check", giftCents: 49_500 });
    expect((await client.post(`/staff/campaigns/${fixed.id}/requests`, { intent: "allocate", requestId: request.id })).status).toBe(302);
    const pay = (paidOn: string) =>
      client.post(`/staff/requests/${request.id}/pay`, { method: "check", paidOn, "lines[0].form": "I-821D", "lines[0].amount": "495" });
    const refused = await pay("2025-10-28");
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain(html(es.errors.checkNotAccepted.replace("{{date}}", "2025-10-28")));
    expect(body).toMatch(/id="[^"]*method[^"]*"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="[^"]*method/);
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, request.id)))[0]!.status).toBe("funded");

    // Staff record the exemption on the case page; the same check is then accepted.
    expect((await client.post(`/staff/cases/${request.id}`, { intent: "g1651", exempt: "on" })).status).toBe(302);
    expect((await pay("2026-11-30")).status).toBe(302);
    expect((await db.select().from(feeRequests).where(eq(feeRequests.id, request.id)))[0]!.status).toBe("paid");
  });

  it("a check dated before the cut-off is still accepted (historical records)", async () => {
    const db = server.database.db;
    const { client } = await signedInClient(server, "reviewer");
    const request = await makeApprovedRequest(db, fixed.id, "2026-12-03");
    await recordDonation(db, { campaignId: fixed.id, idempotencyKey: "http-old-check", giftCents: 49_500 });
    expect((await client.post(`/staff/campaigns/${fixed.id}/requests`, { intent: "allocate", requestId: request.id })).status).toBe(302);
    const paid = await client.post(`/staff/requests/${request.id}/pay`, { method: "check", paidOn: "2025-10-27", "lines[0].form": "I-821D", "lines[0].amount": "495" });
    expect(paid.status).toBe(302);
  });
});

