/**
 * The supporters wall, through the real server and the fake Stripe: who appears (only donors who
 * chose it, once Stripe has confirmed the gift), in what order and pages, that the host sees the
 * same wall, and that a donor who chose anonymity is never named anywhere.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { donations, hostProfiles } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import type { Campaign } from "../../app/modules/campaigns/campaigns.server";
import { WALL_PAGE_SIZE } from "../../app/modules/donations/wall";
import { makeFundraiser, makePublishedCampaign, type FundraiserRow } from "../support/fundraiser-fixture";
import { expectLedgerInvariants } from "../support/ledger";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: Campaign;
let page: FundraiserRow;
let host: Client;

const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

beforeAll(async () => {
  server = await startTestServer({ stripe: true });
  campaign = await makePublishedCampaign(server.database.db, { titleEn: "Wall drive", titleEs: "Colecta del muro" });
  const signedIn = await signedInClient(server, "host");
  host = signedIn.client;
  await server.database.db.insert(hostProfiles).values({ userId: signedIn.user.id, businessName: "Panadería Muro", contactName: "Owner" });
  page = await makeFundraiser(server.database.db, { campaign, hostUserId: signedIn.user.id, businessName: "Panadería Muro", title: "Bread for the wall" });
});
afterAll(() => server.stop());

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

/** Submits the donate form at `path`; returns the Checkout Session it opened. */
async function startGift(path: string, form: Record<string, string>) {
  const response = await new Client(server.url).post(path, { intent: "donate", amount: "other", otherAmount: "20", frequency: "one_time", email: "giver@example.org", ...form });
  expect(response.status, await response.clone().text()).toBe(303);
  return response.headers.get("location")!.split("/").pop()!;
}

/** Pays the session on the fake Stripe, whose signed webhooks record the gift. */
async function pay(sessionId: string) {
  await server.fakeStripe!.completeCheckout(sessionId);
  return eventually(
    async () => (await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId)))[0]!,
    (d) => d.status === "succeeded",
  );
}

const give = async (path: string, form: Record<string, string>) => pay(await startGift(path, form));

/** The wall's entries as a person reads them, in order. */
function wallOf(body: string): string[] {
  const list = body.match(/<ul class="supporters-wall">([\s\S]*?)<\/ul>/)?.[1] ?? "";
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
}

const visit = async (path: string, client = new Client(server.url)) => {
  const response = await client.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
};

describe("the supporters wall on a campaign page", () => {
  it("shows a donor who chose the wall once Stripe confirms the gift, newest first, without amounts", async () => {
    const campaignPath = `/campaigns/${campaign.slug}`;
    expect(wallOf(await visit(campaignPath))).toEqual([]);
    expect(await visit(campaignPath)).toContain(html(en.wall.emptyCampaign));

    const session = await startGift(campaignPath, { name: "Rosa Wall", message: "¡Adelante, vecinos!", showOnWall: "on", otherAmount: "37.21" });
    // Not before the payment is confirmed: a pending gift is no one's support yet.
    expect(await visit(campaignPath)).not.toContain("Rosa Wall");
    await pay(session);
    await give(campaignPath, { name: "Nadia Private", message: "Not for the wall" });
    await give(`/f/${page.slug}`, { name: "Tomás Later", showOnWall: "on", otherAmount: "41.13" });

    const body = await visit(campaignPath);
    expect(wallOf(body)).toEqual(["Tomás Later", "Rosa Wall ¡Adelante, vecinos!"]);
    expect(body).not.toContain("Nadia Private");
    expect(body).not.toContain("Not for the wall");
    const wallSection = body.slice(body.indexOf('id="supporters"'));
    expect(wallSection.slice(0, wallSection.indexOf("</section>"))).not.toMatch(/37\.21|41\.13/);
    // The same wall in Spanish, with the Spanish heading.
    const spanish = await visit(`${campaignPath}?lng=es`);
    expect(spanish).toContain(`>${es.wall.heading}</h2>`);
    expect(wallOf(spanish)).toEqual(wallOf(body));
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("pages the wall with plain links, newest first, so it works without JavaScript", async () => {
    const other = await makePublishedCampaign(server.database.db);
    const total = WALL_PAGE_SIZE + 3;
    // Past gifts as the webhook left them (the wall reads donations, not the ledger).
    await server.database.db.insert(donations).values(
      Array.from({ length: total }, (_, i) => ({
        campaignId: other.id,
        amountCents: 1_000,
        status: "succeeded" as const,
        donorName: `Supporter ${i + 1}`,
        showOnWall: true,
        succeededAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    );
    const path = `/campaigns/${other.slug}`;
    const first = await visit(path);
    expect(wallOf(first)).toEqual(Array.from({ length: WALL_PAGE_SIZE }, (_, i) => `Supporter ${total - i}`));
    expect(first).toContain(`href="${path}?wall=2#supporters"`);
    expect(first).not.toContain('rel="prev"');

    const second = await visit(`${path}?wall=2`);
    expect(wallOf(second)).toEqual(["Supporter 3", "Supporter 2", "Supporter 1"]);
    expect(second).toContain(`href="${path}#supporters"`);
    expect(second).not.toContain('rel="next"');

    // Past the end: a kind note and the way back; nonsense is the first page, never an error.
    expect(await visit(`${path}?wall=9`)).toContain(html(en.wall.noMore));
    for (const junk of ["abc", "-1", "0", "1e3", "99999999999", "2%27"]) expect(wallOf(await visit(`${path}?wall=${junk}`)), junk).toEqual(wallOf(first));
  });
});

describe("the host's dashboard", () => {
  it("lists exactly the wall the public page shows, in the same order", async () => {
    await give(`/f/${page.slug}`, { name: "Sam Shared", showOnWall: "on", shareWithHost: "on", message: "For the neighborhood" });
    await give(`/f/${page.slug}`, { name: "Wendy WallOnly", showOnWall: "on" });
    await give(`/f/${page.slug}`, { name: "Ann Onymous", anonymous: "on", showOnWall: "on", message: "Quietly" });
    const publicWall = wallOf(await visit(`/f/${page.slug}`));
    expect(publicWall.slice(0, 3)).toEqual([`${en.wall.anonymous} Quietly`, "Wendy WallOnly", "Sam Shared For the neighborhood"]);
    expect(wallOf(await visit(`/host/fundraisers/${page.id}`, host))).toEqual(publicWall);
  });
});

describe("anonymity", () => {
  it("refuses 'don't show my name anywhere' together with 'share my details with the business', in the donor's language, and writes nothing", async () => {
    const before = (await server.database.db.select().from(donations)).length;
    for (const [language, text] of [
      ["en", en.donate.errors.anonymousAndShare],
      ["es", es.donate.errors.anonymousAndShare],
    ] as const) {
      const response = await new Client(server.url, { "Accept-Language": language }).post(`/f/${page.slug}`, {
        intent: "donate",
        amount: "full",
        frequency: "one_time",
        email: "both@example.org",
        name: "Both Ways",
        anonymous: "on",
        shareWithHost: "on",
      });
      expect(response.status).toBe(400);
      const body = await response.text();
      expect(body).toContain(html(text));
      // The error sits with the checkbox it is about.
      expect(body).toMatch(/id="donate-shareWithHost-error"/);
    }
    expect((await server.database.db.select().from(donations)).length).toBe(before);
    // The form says so before anyone submits, in both languages.
    expect(await visit(`/f/${page.slug}?lng=en`)).toContain(html(en.donate.anonymousOrShare));
    expect(await visit(`/f/${page.slug}?lng=es`)).toContain(html(es.donate.anonymousOrShare));
  });

  it("never names a donor who chose anonymity: not on any public page, the widget, the API, the transparency page, nor to the host", async () => {
    await give(`/f/${page.slug}`, { name: "Zelda Secreta", email: "zelda.secreta@example.org", anonymous: "on", showOnWall: "on", message: "Con cariño" });
    await give(`/campaigns/${campaign.slug}`, { name: "Zelda Secreta", email: "zelda.secreta@example.org", anonymous: "on", showOnWall: "on" });
    // A gift recorded before the form refused both choices: anonymity still wins.
    const old = await give(`/f/${page.slug}`, { name: "Xavier Oculto", email: "xavier.oculto@example.org", shareWithHost: "on", showOnWall: "on" });
    await server.database.db.update(donations).set({ anonymous: true }).where(eq(donations.id, old.id));

    const secrets = [/Zelda/i, /Secreta/i, /Xavier/i, /Oculto/i];
    const publicPaths = [
      `/campaigns/${campaign.slug}`,
      `/campaigns/${campaign.slug}/transparency`,
      `/api/campaigns/${campaign.slug}`,
      `/f/${page.slug}`,
      `/f/${page.slug}/embed`,
      `/f/${page.slug}/poster`,
      "/",
    ];
    for (const path of publicPaths)
      for (const lng of ["en", "es"]) {
        const body = await visit(`${path}${path.includes("?") ? "&" : "?"}lng=${lng}`);
        for (const secret of secrets) expect(body, `${path} (${lng})`).not.toMatch(secret);
      }
    for (const path of ["/host", `/host/fundraisers/${page.id}`, `/host/fundraisers/${page.id}/gifts.csv`]) {
      const body = await visit(path, host);
      for (const secret of secrets) expect(body, path).not.toMatch(secret);
    }
    // They are on the wall all the same, as the neighbor they chose to be, with their message.
    expect(wallOf(await visit(`/f/${page.slug}`))).toContain(`${en.wall.anonymous} Con cariño`);
    expect(wallOf(await visit(`/campaigns/${campaign.slug}?lng=es`))).toContain(es.wall.anonymous);
  });
});
