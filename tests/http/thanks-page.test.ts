/**
 * The page a donor lands on after Checkout, and what the donate form says before it: through
 * the real server, the real Stripe SDK and the fake Stripe's Checkout.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import type { Campaign } from "../../app/modules/campaigns/campaigns.server";
import { feeCoverFor } from "../../app/modules/donations/pricing";
import { formatMoney } from "../../app/modules/i18n/format";
import { fillTemplate } from "../support/browser-suite";
import { makeFundraiser, makePublishedCampaign, type FundraiserRow } from "../support/fundraiser-fixture";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: Campaign;
let page: FundraiserRow;
// Tests run as the demo does (no Stripe keys): shared links follow the address the visitor used (ADR 0019).
const appUrl = () => server.url;
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

beforeAll(async () => {
  // A nonprofit card rate, so the figures shown are the configured ones, not Stripe's default.
  server = await startTestServer({ stripe: true, env: { CARD_FEE_PERCENT: "2.2", CARD_FEE_FIXED_CENTS: "30" } });
  campaign = await makePublishedCampaign(server.database.db, { titleEn: "Renewals for Eastside", titleEs: "Renovaciones del Eastside", fixedFee: 55_500 });
  page = await makeFundraiser(server.database.db, { campaign, businessName: "Taller Mecánico Ruiz", title: "Oil changes for renewals" });
});
afterAll(() => server.stop());

async function checkout(client: Client, path: string, form: Record<string, string>) {
  const response = await client.post(path, { intent: "donate", frequency: "one_time", email: "donor@example.org", ...form });
  expect(response.status).toBe(303);
  return response.headers.get("location")!.split("/").pop()!;
}

async function paid(sessionId: string) {
  const result = await server.fakeStripe!.completeCheckout(sessionId);
  for (let i = 0; i < 100; i++) {
    const [d] = await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
    if (d?.status === "succeeded") return result;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the gift was never recorded");
}

/** Every link on the page, as written in its href. */
const hrefs = (body: string) => [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const mainOf = (body: string) => body.slice(body.indexOf("<main"), body.indexOf("</main>"));
const textOf = (body: string) => mainOf(body).replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("the thanks page", () => {
  it("says what was given, once, to which campaign, with share links to the campaign page and never to its own address", async () => {
    const client = new Client(server.url, { "Accept-Language": "en-US" });
    const sessionId = await checkout(client, `/campaigns/${campaign.slug}`, { amount: "other", otherAmount: "80", coverFees: "on" });
    await paid(sessionId);
    const response = await client.get(`/donate/thanks?session_id=${sessionId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.text();
    const text = textOf(body);

    expect(text).toContain(fillTemplate(en.donate.thanks.summaryOnce, { amount: "$80", name: "Renewals for Eastside" }));
    expect(text).toContain(fillTemplate(en.donate.thanks.cover, { amount: formatMoney(feeCoverFor(8_000, { basisPoints: 220, fixedCents: 30 }), "en") }));
    expect(text).toContain(en.donate.thanks.paid);
    // One "thank you", not two.
    expect(text.match(/thank you/gi)).toHaveLength(1);

    const campaignUrl = `${appUrl()}/campaigns/${campaign.slug}`;
    const shares = hrefs(mainOf(body)).filter((h) => /^(mailto:|https:\/\/(wa\.me|www\.facebook\.com|x\.com))/.test(h));
    expect(shares).toHaveLength(4);
    for (const share of shares) {
      expect(decodeURIComponent(share), share).toContain(campaignUrl);
      expect(share).not.toMatch(/session_id|cs_|thanks/);
    }
    expect(text).toContain(campaignUrl);
    expect(hrefs(mainOf(body))).toContain(`/campaigns/${campaign.slug}`);
    // No donor details on a page reached by a link.
    expect(body).not.toContain("donor@example.org");
  });

  it("names the fundraiser of a monthly gift, in Spanish, and shares and links back to that page", async () => {
    const client = new Client(server.url, { "Accept-Language": "es-MX,es;q=0.9" });
    const sessionId = await checkout(client, `/f/${page.slug}`, { amount: "half", frequency: "monthly", name: "Lupe" });
    await paid(sessionId);
    const body = await (await client.get(`/donate/thanks?session_id=${sessionId}`)).text();
    const text = textOf(body);
    const name = fillTemplate(es.donate.thanks.fundraiserName, { title: "Oil changes for renewals", business: "Taller Mecánico Ruiz" });
    expect(text).toContain(fillTemplate(es.donate.thanks.summaryMonthly, { amount: formatMoney(27_750, "es"), name }));
    expect(text).toContain(es.donate.thanks.monthlyManage);
    expect(text.match(/gracias/gi)).toHaveLength(1);
    const pageUrl = `${appUrl()}/f/${page.slug}`;
    const shares = hrefs(mainOf(body)).filter((h) => /^(mailto:|https:\/\/)/.test(h));
    expect(shares).toHaveLength(4);
    for (const share of shares) expect(decodeURIComponent(share)).toContain(pageUrl);
    expect(hrefs(mainOf(body))).toContain(`/f/${page.slug}`);
    expect(text).toContain(fillTemplate(es.donate.thanks.backToFundraiser, { business: "Taller Mecánico Ruiz" }));
    expect(body).not.toContain("Lupe");
  });

  it("while the bank confirms, says so with the gift; an unknown or malformed session says only what is safe", async () => {
    const client = new Client(server.url);
    const pending = await checkout(client, `/campaigns/${campaign.slug}`, { amount: "quarter" });
    const waiting = textOf(await (await client.get(`/donate/thanks?session_id=${pending}`)).text());
    expect(waiting).toContain(en.donate.thanks.processing);
    expect(waiting).toContain(fillTemplate(en.donate.thanks.summaryOnce, { amount: formatMoney(13_875, "en"), name: "Renewals for Eastside" }));

    for (const query of ["", "?session_id=cs_test_unknown", "?session_id=%27%3Cscript%3E", `?session_id=${"cs_".padEnd(5_000, "a")}`]) {
      const response = await client.get(`/donate/thanks${query}`);
      expect(response.status, query).toBe(200);
      const text = textOf(await response.text());
      expect(text).toContain(en.donate.thanks.unknown);
      expect(text).not.toContain(en.donate.thanks.share);
    }
  });
});

describe("before checkout", () => {
  it("shows the card-fee rule from the configured rate, and a Donate link near the top that jumps to the form", async () => {
    for (const [path, language, rule] of [
      [`/campaigns/${campaign.slug}`, "en", fillTemplate(en.donate.coverFeesRule, { rate: "2.2% + $0.30" })],
      [`/f/${page.slug}`, "es", fillTemplate(es.donate.coverFeesRule, { rate: "2.2% + $0.30" })],
    ] as const) {
      const body = await (await new Client(server.url).get(`${path}?lng=${language}`)).text();
      expect(body.replace(/\u00a0/g, " ")).toContain(html(rule));
      const jump = body.indexOf('href="#give"');
      expect(jump, path).toBeGreaterThan(0);
      expect(jump, "the jump comes before the story").toBeLessThan(body.indexOf('class="story"'));
      expect(body).toContain('id="give"');
    }
  });
});
