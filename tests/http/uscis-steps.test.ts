import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicantIdentities, feeRequests } from "../../db/schema";
import es from "../../app/locales/es";
import en from "../../app/locales/en";
import { approveFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { applicationForm, latestCaseLinkPath, publishedCampaign } from "../support/applicants";
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

/** Applies in Spanish, is approved, funded and paid; the applicant's browser has the case open. */
async function paidApplicant() {
  const db = server.database.db;
  const client = new Client(server.url, { "Accept-Language": "es" });
  const form = applicationForm({ name: "Rocío", language: "es" });
  expect((await client.post(`/campaigns/${campaign.slug}/apply`, form)).status).toBe(303);
  const [request] = await db.select().from(feeRequests).orderBy(desc(feeRequests.createdAt)).limit(1);
  expect((await client.post(await latestCaseLinkPath(db, form.email), {})).status).toBe(303);
  await approveFeeRequest(db, { feeRequestId: request!.id, actorUserId: staffId });
  await recordDonation(db, { campaignId: campaign.id, idempotencyKey: `gift_${request!.id}`, giftCents: 49_500 });
  await fundQueue(db, { campaignId: campaign.id });
  await payFee(db, { feeRequestId: request!.id, method: "g1450_card", paidOn: "2026-11-02", lines: [{ form: "I-821D", amountCents: 49_500 }], recordedByUserId: staffId });
  return { client, id: request!.id, reference: request!.reference };
}

describe("USCIS steps on the staff and applicant pages", () => {
  it("staff record filing, evidence and decision; the applicant follows them in Spanish", async () => {
    const a = await paidApplicant();
    const { client: staff } = await signedInClient(server, "reviewer");
    const page = `/staff/cases/${a.id}`;
    expect(await (await staff.get(`${page}?lng=en`)).text()).toContain(en.uscis.recordFiled);

    // A malformed receipt number is a field error; nothing is recorded.
    const bad = await staff.post(page, { intent: "uscis-filed", filedOn: "2026-11-05", receipt: "12345" });
    expect(bad.status).toBe(400);
    expect((await server.database.db.select().from(feeRequests).where(eq(feeRequests.id, a.id)))[0]!.uscisStatus).toBeNull();

    expect((await staff.post(page, { intent: "uscis-filed", filedOn: "2026-11-05", receipt: "ioe0912345678" })).status).toBe(302);
    const [identity] = await server.database.db.select().from(applicantIdentities).where(eq(applicantIdentities.feeRequestId, a.id));
    expect(identity!.uscisReceipt).not.toContain("0912345678");
    const staffView = await (await staff.get(`${page}?lng=en`)).text();
    expect(staffView).not.toContain("IOE0912345678");
    expect(staffView).toContain(en.uscis.status.filed);

    const status = async () => (await (await a.client.get("/case")).text()).match(/data-testid="case-status"><strong>([^<]+)</)?.[1];
    expect(await status()).toBe(es.case.uscis.status.filed);
    expect(await (await a.client.get("/case")).text()).toContain(html("Presentado a USCIS el 5 de noviembre de 2026"));

    expect((await staff.post(page, { intent: "uscis-evidence", dueOn: "2027-01-20" })).status).toBe(302);
    expect(await status()).toBe(es.case.uscis.status.evidence_requested);
    expect(await (await a.client.get("/case")).text()).toContain(html("la fecha límite es el 20 de enero de 2027"));

    const queue = await (await staff.get("/staff/cases?lng=en")).text();
    expect(queue).toContain(en.staffCases.attentionEvidence);
    expect(queue.slice(queue.indexOf('data-testid="needs-attention"'))).toContain(a.reference);

    expect((await staff.post(page, { intent: "uscis-decided", decidedOn: "2027-02-01", decision: "" })).status).toBe(400);
    expect((await staff.post(page, { intent: "uscis-decided", decidedOn: "2027-02-01", decision: "approved" })).status).toBe(302);
    expect(await status()).toBe(es.case.uscis.status.decided_approved);
    // Once decided, no more steps are offered.
    expect(await (await staff.get(`${page}?lng=en`)).text()).not.toContain(en.uscis.recordDecision);
  });

  it("a step out of order is refused with a message, not an error page", async () => {
    const a = await paidApplicant();
    const { client: staff } = await signedInClient(server, "reviewer");
    const response = await staff.post(`/staff/cases/${a.id}`, { intent: "uscis-evidence", dueOn: "2027-01-20" });
    expect(response.status).toBe(302);
    expect(await (await staff.get(`/staff/cases/${a.id}?lng=en`)).text()).toContain(en.uscis.flash.invalid_transition);
  });
});
