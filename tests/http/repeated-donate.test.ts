/**
 * A donor who double-clicks "Donate" (or whose browser resends the form) gets one pending gift
 * and one Checkout Session: every repeat of one rendered form, one after another or twenty at
 * once, is sent to the same Checkout; the same key with a different gift is refused.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations, hostProfiles } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import type { Campaign } from "../../app/modules/campaigns/campaigns.server";
import { getStripe } from "../../app/modules/payments/stripe.server";
import { makeFundraiser, makePublishedCampaign, type FundraiserRow } from "../support/fundraiser-fixture";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: Campaign;
let page: FundraiserRow;

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

beforeAll(async () => {
  server = await startTestServer({ stripe: true });
  campaign = await makePublishedCampaign(server.database.db, { titleEn: "Twice drive", titleEs: "Colecta doble" });
  const signedIn = await signedInClient(server, "host");
  await server.database.db.insert(hostProfiles).values({ userId: signedIn.user.id, businessName: "Taller Doble", contactName: "Owner" });
  page = await makeFundraiser(server.database.db, { campaign, hostUserId: signedIn.user.id, businessName: "Taller Doble", title: "Two clicks, one gift" });
});
afterAll(() => server.stop());

/** The key in the donate form as the page renders it, as a browser without JavaScript would send it. */
async function renderedKey(client: Client, path: string): Promise<string> {
  const body = await (await client.get(path)).text();
  const key = body.match(/name="submissionKey" value="([0-9a-f-]{36})"/)?.[1];
  expect(key, `${path} renders a submission key`).toBeDefined();
  return key!;
}

const pendingFor = (email: string) => server.database.db.select().from(donations).where(eq(donations.donorEmail, email));

async function sessionsFor(email: string): Promise<string[]> {
  const all = await getStripe().checkout.sessions.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return all.filter((s) => s.customer_email === email).map((s) => s.id);
}

describe("repeating one donate form", () => {
  it("sends two sequential posts of a campaign form to one Checkout, with one pending gift", async () => {
    const donor = new Client(server.url);
    const path = `/campaigns/${campaign.slug}`;
    const form = { intent: "donate", amount: "other", otherAmount: "40", frequency: "one_time", email: "twice@example.org", submissionKey: await renderedKey(donor, path) };
    const first = await donor.post(path, form);
    const second = await donor.post(path, form);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const pending = await pendingFor("twice@example.org");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: "pending", amountCents: 4000 });
    expect(await sessionsFor("twice@example.org")).toEqual([pending[0]!.stripeCheckoutSessionId]);
    expect(first.headers.get("location")).toContain(pending[0]!.stripeCheckoutSessionId!);
  });

  it("answers twenty identical posts at once with the same Checkout, one pending gift and one session", async () => {
    const donor = new Client(server.url);
    const path = `/f/${page.slug}`;
    const form = { intent: "donate", amount: "full", frequency: "monthly", coverFees: "on", email: "burst@example.org", name: "Ráfaga", submissionKey: await renderedKey(donor, path) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => donor.post(path, form)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(303));
    const locations = new Set(answers.map((a) => a.headers.get("location")));
    expect(locations.size).toBe(1);
    const pending = await pendingFor("burst@example.org");
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: "pending", fundraiserId: page.id, frequency: "monthly" });
    expect(await sessionsFor("burst@example.org")).toEqual([pending[0]!.stripeCheckoutSessionId]);
    expect([...locations][0]).toContain(pending[0]!.stripeCheckoutSessionId!);
  });

  it("refuses the same key with a different gift, in the donor's language, and records nothing", async () => {
    for (const [language, messages] of [["en", en], ["es", es]] as const) {
      const donor = new Client(server.url, { "Accept-Language": language });
      const path = `/campaigns/${campaign.slug}`;
      const email = `changed-${language}@example.org`;
      const form = { intent: "donate", amount: "other", otherAmount: "25", frequency: "one_time", email, submissionKey: await renderedKey(donor, path) };
      expect((await donor.post(path, form)).status).toBe(303);
      const changed = await donor.post(path, { ...form, otherAmount: "250" });
      expect(changed.status).toBe(409);
      expect(changed.headers.get("location")).toBeNull();
      const body = await changed.text();
      expect(body).toContain(html(messages.donate.errors.alreadySent));
      // The refused page carries a fresh key, so sending the corrected form works.
      const fresh = body.match(/name="submissionKey" value="([0-9a-f-]{36})"/)?.[1];
      expect(fresh).toBeDefined();
      expect(fresh).not.toBe(form.submissionKey);
      const pending = await pendingFor(email);
      expect(pending.map((d) => d.amountCents)).toEqual([2500]);
      expect(await sessionsFor(email)).toHaveLength(1);
    }
  });

  it("still gives each new form its own gift, and still limits how many one visitor opens", async () => {
    const donor = new Client(server.url);
    const path = `/campaigns/${campaign.slug}`;
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const form = { intent: "donate", amount: "full", frequency: "one_time", email: "many@example.org", submissionKey: await renderedKey(donor, path) };
      statuses.push((await donor.post(path, form)).status);
    }
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(303));
    expect(statuses.slice(12)).toEqual([429, 429]);
    expect(await pendingFor("many@example.org")).toHaveLength(12);
  });

  it("refuses a key that is not one the form could have made", async () => {
    const response = await new Client(server.url).post(`/campaigns/${campaign.slug}`, {
      intent: "donate",
      amount: "full",
      frequency: "one_time",
      email: "forged@example.org",
      submissionKey: "'; drop table donations; --",
    });
    expect(response.status).toBe(400);
    expect(await pendingFor("forged@example.org")).toHaveLength(0);
  });
});
