/**
 * A fundraiser's address (/f/<slug>): made from whole words, and the host's to change — checked,
 * unique, with a friendly error — until the page is approved; then it stays, for the posters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostProfiles } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import type { Campaign } from "../../app/modules/campaigns/campaigns.server";
import { isoDay, makePublishedCampaign } from "../support/fundraiser-fixture";
import { reloadFundraiser } from "../support/fundraisers";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: Campaign;
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

beforeAll(async () => {
  server = await startTestServer();
  campaign = await makePublishedCampaign(server.database.db);
});
afterAll(() => server.stop());

async function hostClient(businessName: string, headers: Record<string, string> = {}) {
  const { client, user } = await signedInClient(server, "host", headers);
  await server.database.db.insert(hostProfiles).values({ userId: user.id, businessName, contactName: "Owner" });
  return client;
}

const pageForm = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  campaignId: campaign.id,
  title: "Cafecito for DACA renewals in our neighborhood",
  storyEn: "Every coffee helps.",
  storyEs: "",
  goalFees: "3",
  startsOn: isoDay(0),
  endsOn: isoDay(20),
  eventOn: "",
  eventPlace: "",
  matchCap: "",
  matchStartsOn: "",
  matchEndsOn: "",
  ...overrides,
});

async function createPage(client: Client, overrides: Record<string, string> = {}) {
  const response = await client.post("/host/fundraisers/new", pageForm(overrides));
  expect(response.status).toBe(302);
  return reloadFundraiser(server.database.db, response.headers.get("location")!.split("/")[3]!);
}

const edit = (client: Client, id: string, overrides: Record<string, string>) => client.post(`/host/fundraisers/${id}/edit`, pageForm(overrides));

describe("a fundraiser's address", () => {
  it("is made of whole words of the business's name and the title", async () => {
    const host = await hostClient("Café La Esquina");
    const page = await createPage(host);
    expect(page.slug).toBe("cafe-la-esquina-cafecito-for-daca-renewals-in-our");
    // The edit form offers it, with the public address it makes.
    const form = await (await host.get(`/host/fundraisers/${page.id}/edit`)).text();
    expect(form).toContain(`value="${page.slug}"`);
    expect(form).toContain(html(en.host.fields.slug));
    // The demo (as tests run) shows the address the visitor used (ADR 0019).
    expect(form).toContain(`${server.url}/f/`);
  });

  it("can be changed by its host before approval (case and spaces forgiven), and not after", async () => {
    const host = await hostClient("Café Luna");
    const page = await createPage(host);
    expect((await edit(host, page.id, { slug: "  Cafe-Luna-Daca " })).status).toBe(302);
    expect((await reloadFundraiser(server.database.db, page.id)).slug).toBe("cafe-luna-daca");
    // Submitted for review: still the host's to change.
    await host.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    expect((await edit(host, page.id, { slug: "cafe-luna" })).status).toBe(302);
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ slug: "cafe-luna", status: "submitted" });

    const { client: staff } = await signedInClient(server, "admin");
    const review = await (await staff.get(`/staff/fundraisers/${page.id}`)).text();
    expect(review).toContain("/f/cafe-luna");
    const version = review.match(/name="version" value="([^"]+)"/)![1]!;
    expect((await staff.post(`/staff/fundraisers/${page.id}`, { intent: "approve", version })).status).toBe(302);
    expect((await new Client(server.url).get("/f/cafe-luna")).status).toBe(200);

    // Approved: posters carry the address, so an edit cannot move it (the form no longer offers it).
    expect(await (await host.get(`/host/fundraisers/${page.id}/edit`)).text()).not.toContain('name="slug"');
    await edit(host, page.id, { slug: "somewhere-else" });
    expect((await reloadFundraiser(server.database.db, page.id)).slug).toBe("cafe-luna");
    expect((await new Client(server.url).get("/f/somewhere-else")).status).toBe(404);
  });

  it("refuses a malformed address with a field error in the host's language, changing nothing", async () => {
    for (const [language, message] of [
      ["en", en.fundraiserErrors.slugFormat],
      ["es", es.fundraiserErrors.slugFormat],
    ] as const) {
      const host = await hostClient(`Barbería ${language}`, { "Accept-Language": language });
      const page = await createPage(host);
      for (const slug of ["café-luna", "cafe luna", "ab", "-cafe", "cafe--luna", "cafe-", "cafe/luna", "../admin", "x".repeat(61), "<script>"]) {
        const response = await edit(host, page.id, { slug });
        expect(response.status, slug).toBe(400);
        const body = await response.text();
        expect(body, slug).toContain(html(message));
        expect(body).toMatch(/id="fundraiser-slug-error"/);
      }
      expect((await reloadFundraiser(server.database.db, page.id)).slug).toBe(page.slug);
    }
  });

  it("refuses an address another page has, kindly, even when two hosts ask for it at once", async () => {
    const first = await hostClient("Florería Uno");
    const taken = await createPage(first, { title: "Flowers" });
    const second = await hostClient("Florería Dos", { "Accept-Language": "es" });
    const mine = await createPage(second, { title: "Flores" });
    const response = await edit(second, mine.id, { slug: taken.slug });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(html(es.fundraiserErrors.slugTaken));
    expect((await reloadFundraiser(server.database.db, mine.id)).slug).toBe(mine.slug);

    // The same free address asked for by both at the same moment: one gets it, the other a field error.
    const [a, b] = await Promise.all([edit(first, taken.id, { title: "Flowers", slug: "flores-del-barrio" }), edit(second, mine.id, { title: "Flores", slug: "flores-del-barrio" })]);
    expect([a.status, b.status].sort()).toEqual([302, 400]);
    const loser = a.status === 400 ? a : b;
    expect(await loser.text()).toMatch(new RegExp(`${html(en.fundraiserErrors.slugTaken)}|${html(es.fundraiserErrors.slugTaken)}`));
    const slugs = [(await reloadFundraiser(server.database.db, taken.id)).slug, (await reloadFundraiser(server.database.db, mine.id)).slug];
    expect(slugs.filter((s) => s === "flores-del-barrio")).toHaveLength(1);
  });
});
