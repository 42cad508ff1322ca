import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { addDays } from "../../app/modules/dates/dates";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { organizationToday } from "../../app/modules/organization/clock.server";
import { publishedCampaign } from "../support/applicants";
import { makeUser } from "../support/factories";
import { makeApprovedRequest } from "../support/ledger";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let slug: string;
let today: string;
const fee = 49_500;
beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  const admin = await makeUser(db, { role: "admin" });
  const campaign = await publishedCampaign(db, admin.id, { feeSource: "fixed", fixedFee: fee, titleEn: "Need fund", titleEs: "Fondo de necesidad" });
  slug = campaign.slug;
  today = await organizationToday(db);
  // The queue: 6 expire within 30 days (one already expired), 2 more within 60, 4 more within 90, 5 after 150.
  const days = [-3, 5, 10, 20, 29, 30, 45, 60, 75, 80, 85, 90, 200, 210, 220, 230, 240];
  for (const d of days) await makeApprovedRequest(db, campaign.id, addDays(today, d));
  await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "need-ahead-gift", giftCents: 2 * fee + 100 });
});
afterAll(() => server.stop());

describe("the need ahead", () => {
  it("publishes figures that match the queue, hides a bucket that would reveal 2 cases, and names no applicant", async () => {
    const body = await (await new Client(server.url).get(`/api/campaigns/${slug}`)).json();
    expect(body.requests_waiting).toBe(17);
    const pool = body.pool_available_cents;
    expect(body.need_ahead).toEqual({
      as_of: today,
      buckets: [
        { expiring_within_days: 30, needed_by: addDays(today, 30), published: true, cases_rounded: 5, needed_cents: 6 * fee - pool },
        { expiring_within_days: 60, needed_by: addDays(today, 60), published: false, cases_rounded: null, needed_cents: null },
        { expiring_within_days: 90, needed_by: addDays(today, 90), published: true, cases_rounded: 10, needed_cents: 12 * fee - pool },
        { expiring_within_days: 150, needed_by: addDays(today, 150), published: true, cases_rounded: 10, needed_cents: 12 * fee - pool },
      ],
    });
    const text = JSON.stringify(body);
    for (const field of ["reference", "F-", "dacaExpiresOn", "daca_expires", "state", "language", "\"CA\"", "applicant"]) expect(text).not.toContain(field);
  });

  it("shows the figures on the transparency page and the next one on the campaign page, in Spanish", async () => {
    const page = await (await new Client(server.url).get(`/campaigns/${slug}/transparency?lng=es`)).text();
    expect(page).toContain(es.needAhead.heading);
    expect(page).toContain(es.needAhead.rule);
    expect(page.match(/no se muestran, para proteger a un grupo pequeño/g)?.length).toBe(1);
    const campaignPage = await (await new Client(server.url).get(`/campaigns/${slug}?lng=en`)).text();
    expect(campaignPage).toMatch(/needed by .* for renewals coming due/);
    expect(en.needAhead.next).toContain("{{amount}}");
  });
});
