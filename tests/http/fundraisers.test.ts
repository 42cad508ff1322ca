import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, donations, fundraisers, hostProfiles, images, outbox, users } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";
import { makeFundraiser, reloadFundraiser } from "../support/fundraisers";
import { expectLedgerInvariants, makeCampaign } from "../support/ledger";

let server: TestServer;
let campaign: typeof campaigns.$inferSelect;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

beforeAll(async () => {
  server = await startTestServer({ stripe: true });
  await seedDemo(server.database.db);
  [campaign] = await server.database.db.select().from(campaigns).where(eq(campaigns.slug, "renewal-drive-495"));
});
afterAll(() => server.stop());

async function hostClient(businessName: string) {
  const { client, user } = await signedInClient(server, "host");
  await server.database.db.insert(hostProfiles).values({ userId: user.id, businessName, contactName: "Owner" });
  return { client, user };
}

const validPage = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  campaignId: campaign.id,
  title: "Haircuts for renewals",
  storyEn: "Every cut this month helps a neighbor renew.",
  storyEs: "",
  goalFees: "2",
  startsOn: day(0),
  endsOn: day(20),
  eventOn: "",
  eventPlace: "",
  matchCap: "",
  matchStartsOn: "",
  matchEndsOn: "",
  ...overrides,
});

async function createPage(client: Client, overrides: Record<string, string> = {}) {
  const response = await client.post("/host/fundraisers/new", validPage(overrides));
  expect(response.status).toBe(302);
  const id = response.headers.get("location")!.split("/")[3]!;
  return reloadFundraiser(server.database.db, id);
}

/** A staff decision as the review page's form sends it, with the version the reviewer saw. */
async function decide(staff: Client, pageId: string, form: Record<string, string>) {
  const review = await (await staff.get(`/staff/fundraisers/${pageId}`)).text();
  const version = review.match(/name="version" value="([^"]+)"/)?.[1];
  expect(version, "the review form carries the version shown").toBeTruthy();
  return staff.post(`/staff/fundraisers/${pageId}`, { ...form, version: version! });
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

async function giveThroughPage(slug: string, form: Record<string, string>) {
  const response = await new Client(server.url).post(`/f/${slug}`, { intent: "donate", amount: "full", frequency: "one_time", ...form });
  expect(response.status).toBe(303);
  const sessionId = response.headers.get("location")!.split("/").pop()!;
  await server.fakeStripe!.completeCheckout(sessionId);
  return eventually(
    async () => (await server.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId)))[0]!,
    (d) => d.status === "succeeded",
  );
}

describe("who may see and change a fundraiser", () => {
  it("a host cannot see or change another host's fundraiser or dashboard, by id or by slug", async () => {
    const owner = await hostClient("Panadería Sol");
    const other = await hostClient("Barbería Norte");
    const page = await createPage(owner.client, { title: "Pan dulce for renewals" });
    expect((await owner.client.get(`/host/fundraisers/${page.id}`)).status).toBe(200);
    for (const path of [`/host/fundraisers/${page.id}`, `/host/fundraisers/${page.id}/edit`, `/host/fundraisers/${page.id}/gifts.csv`, `/host/fundraisers/${page.id}/pay-match`]) {
      expect((await other.client.get(path)).status, path).toBe(404);
    }
    expect((await other.client.post(`/host/fundraisers/${page.id}/edit`, validPage({ title: "Hijacked" }))).status).toBe(404);
    expect((await other.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" })).status).toBe(404);
    expect((await other.client.post(`/host/fundraisers/${page.id}/pay-match`, {})).status).toBe(404);
    // Their own list does not show it; a draft's slug shows nothing to them either.
    expect(await (await other.client.get("/host")).text()).not.toContain("Pan dulce for renewals");
    expect((await other.client.get(`/f/${page.slug}`)).status).toBe(404);
    const after = await reloadFundraiser(server.database.db, page.id);
    expect(after).toMatchObject({ title: "Pan dulce for renewals", status: "draft" });
    // Signed out: the host area asks to sign in; staff pages refuse hosts.
    expect((await new Client(server.url).get(`/host/fundraisers/${page.id}`)).status).toBe(302);
    expect((await owner.client.get(`/staff/fundraisers/${page.id}`)).status).toBe(403);
  });

  it("only an approved (or ended) page is public: drafts, pages in review and rejected pages are not", async () => {
    const { user } = await hostClient("Taquería Luna");
    const visitor = new Client(server.url);
    for (const status of ["draft", "submitted", "rejected"] as const) {
      const page = await makeFundraiser(server.database.db, { campaignId: campaign.id, hostUserId: user.id, status });
      expect((await visitor.get(`/f/${page.slug}`)).status, status).toBe(404);
      expect((await visitor.get(`/f/${page.slug}/embed`)).status, status).toBe(404);
      expect((await visitor.post(`/f/${page.slug}`, { intent: "donate", amount: "full", email: "x@example.org" })).status, status).toBe(404);
      expect(await (await visitor.get(`/campaigns/${campaign.slug}`)).text()).not.toContain(page.title);
    }
    const live = await makeFundraiser(server.database.db, { campaignId: campaign.id, hostUserId: user.id });
    expect((await visitor.get(`/f/${live.slug}`)).status).toBe(200);
  });
});

describe("one rule for what is public", () => {
  it("the dashboard offers a poster and QR code only where they exist, and a draft campaign's pages are not public", async () => {
    const { client, user } = await hostClient("Joyería Brillo");
    const visitor = new Client(server.url);
    const hasLink = (body: string, href: string) => body.includes(`href="${href}"`);

    const live = await makeFundraiser(server.database.db, { campaignId: campaign.id, hostUserId: user.id });
    const liveDashboard = await (await client.get(`/host/fundraisers/${live.id}`)).text();
    expect(hasLink(liveDashboard, `/f/${live.slug}/poster`)).toBe(true);
    expect((await visitor.get(`/f/${live.slug}/poster`)).status).toBe(200);

    const ended = await makeFundraiser(server.database.db, { campaignId: campaign.id, hostUserId: user.id, status: "ended" });
    const endedDashboard = await (await client.get(`/host/fundraisers/${ended.id}`)).text();
    expect(hasLink(endedDashboard, `/f/${ended.slug}`)).toBe(true);
    expect((await visitor.get(`/f/${ended.slug}`)).status).toBe(200);
    for (const path of [`/f/${ended.slug}/poster`, `/f/${ended.slug}/qr.png`]) {
      expect(hasLink(endedDashboard, path), path).toBe(false);
      expect((await visitor.get(path)).status, path).toBe(404);
    }

    const [admin] = await server.database.db.select().from(users).where(eq(users.email, "admin@demo.fondo.test"));
    const draftCampaign = await makeCampaign(server.database.db, admin!.id);
    const hidden = await makeFundraiser(server.database.db, { campaignId: draftCampaign.id, hostUserId: user.id });
    for (const path of [`/f/${hidden.slug}`, `/f/${hidden.slug}/embed`, `/f/${hidden.slug}/poster`])
      expect((await visitor.get(path)).status, path).toBe(404);
    const hiddenDashboard = await (await client.get(`/host/fundraisers/${hidden.id}`)).text();
    expect(hasLink(hiddenDashboard, `/f/${hidden.slug}`)).toBe(false);
    expect(hasLink(hiddenDashboard, `/f/${hidden.slug}/poster`)).toBe(false);
  });
});

describe("bad input is answered with field errors and stores nothing", () => {
  it("refuses an end before the start, a goal of 0 or a huge goal, and a script in the story", async () => {
    const { client, user } = await hostClient("Librería Río");
    const count = async () => (await server.database.db.select().from(fundraisers).where(eq(fundraisers.hostUserId, user.id))).length;
    const cases: [Record<string, string>, string][] = [
      [{ startsOn: day(10), endsOn: day(5) }, en.errors.endBeforeStart],
      [{ goalFees: "0" }, "Enter a number from 1 to 500."],
      [{ goalFees: "1000000" }, "Enter a number from 1 to 500."],
      [{ storyEn: "<script>alert(1)</script>Hi" }, en.errors.noMarkup],
      [{ storyEn: "", storyEs: "" }, en.fundraiserErrors.storyRequired],
      [{ endsOn: day(-3), startsOn: day(-5) }, en.fundraiserErrors.endInPast],
      [{ startsOn: "0000-01-01" }, "Enter a date from 1900-01-01 to 2100-12-31."],
      [{ endsOn: "9999-12-31" }, "Enter a date from 1900-01-01 to 2100-12-31."],
      [{ eventOn: "0000-01-01" }, "Enter a date from 1900-01-01 to 2100-12-31."],
      [{ matchCap: "100", matchStartsOn: day(-1), matchEndsOn: day(5) }, en.fundraiserErrors.matchOutsidePage],
      [{ matchCap: "100", matchStartsOn: day(1), matchEndsOn: day(25) }, en.fundraiserErrors.matchOutsidePage],
    ];
    for (const [overrides, message] of cases) {
      const response = await client.post("/host/fundraisers/new", validPage(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(await response.text()).toContain(html(message));
    }
    expect(await count()).toBe(0);
  });

  it("checks the dates of a page in review too: no end in the past or after its campaign ends", async () => {
    const { client } = await hostClient("Relojería Hora");
    const [admin] = await server.database.db.select().from(users).where(eq(users.email, "admin@demo.fondo.test"));
    const ending = await makeCampaign(server.database.db, admin!.id, { endsOn: day(10) });
    await server.database.db.update(campaigns).set({ status: "published" }).where(eq(campaigns.id, ending.id));
    const page = await createPage(client, { campaignId: ending.id, title: "Clocks for renewals", startsOn: day(0), endsOn: day(5) });
    await client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const cases: [Record<string, string>, string][] = [
      [{ startsOn: day(-5), endsOn: day(-3) }, en.fundraiserErrors.endInPast],
      [{ endsOn: day(15) }, en.fundraiserErrors.afterCampaign],
    ];
    for (const [overrides, message] of cases) {
      const response = await client.post(`/host/fundraisers/${page.id}/edit`, validPage({ campaignId: ending.id, title: "Clocks for renewals", ...overrides }));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(await response.text()).toContain(html(message));
    }
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ status: "submitted", startsOn: day(0), endsOn: day(5) });
  });

  it("refuses a logo over 1 MB, a 5 MB post and a file that is not an image at sign-up, creating no account and no image", async () => {
    const before = { users: (await server.database.db.select().from(users)).length, images: (await server.database.db.select().from(images)).length };
    const signUp = (logo: Blob, filename: string) => {
      const form = new FormData();
      form.set("email", `shop-${filename}@example.org`);
      form.set("businessName", "Tienda Azul");
      form.set("contactName", "Rosa");
      form.set("logo", logo, filename);
      return new Client(server.url, { "Accept-Language": "es" }).post("/host", form);
    };
    const big = await signUp(new Blob([new Uint8Array(1.2 * 1024 * 1024)], { type: "image/png" }), "big.png");
    expect(big.status).toBe(400);
    expect(await big.text()).toContain(html(es.errors.imageTooLarge));
    // Over the 1.5 MB upload cap: refused before it is read, saying why, in Spanish.
    const huge = await signUp(new Blob([new Uint8Array(5 * 1024 * 1024)], { type: "image/png" }), "huge.png");
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain(es.formErrors.tooLarge.replace("{{formKb}}", "256"));
    const fake = await signUp(new Blob(["<svg onload=alert(1)>"], { type: "image/png" }), "logo.png");
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain(html(es.errors.imageType));
    expect((await server.database.db.select().from(users)).length).toBe(before.users);
    expect((await server.database.db.select().from(images)).length).toBe(before.images);
  });
});

describe("a business hosts a fundraiser", () => {
  it("signs up by email link, and the form does not reveal existing accounts", async () => {
    const form = { email: "cafe-nuevo@example.org", businessName: "Café Nuevo", contactName: "Luis", phone: "", website: "https://cafe.example" };
    const response = await new Client(server.url).post("/host", form);
    expect(response.headers.get("location")).toBe("/host?sent=1");
    const [user] = await server.database.db.select().from(users).where(eq(users.email, "cafe-nuevo@example.org"));
    expect(user).toMatchObject({ role: "host", status: "invited" });
    const [profile] = await server.database.db.select().from(hostProfiles).where(eq(hostProfiles.userId, user!.id));
    expect(profile).toMatchObject({ businessName: "Café Nuevo", website: "https://cafe.example" });
    const links = await server.database.db.select().from(outbox).where(eq(outbox.toAddress, "cafe-nuevo@example.org"));
    expect(links.map((l) => l.template)).toEqual(["sign-in-link"]);
    // A staff address answers the same way and changes nothing.
    const staff = await new Client(server.url).post("/host", { ...form, email: "admin@demo.fondo.test" });
    expect(staff.headers.get("location")).toBe("/host?sent=1");
    const [admin] = await server.database.db.select().from(users).where(eq(users.email, "admin@demo.fondo.test"));
    expect(admin!.role).toBe("admin");
  });

  it("goes from draft to live through staff review, takes a matched gift, and shows it to the host without private data", async () => {
    const host = await hostClient("Barbería Central");
    const page = await createPage(host.client, { title: "Cuts for DACA", matchCap: "300", goalFees: "1" });
    expect((await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" })).status).toBe(302);
    const { client: staff } = await signedInClient(server, "admin");
    expect(await (await staff.get("/staff/fundraisers")).text()).toContain("Cuts for DACA");
    expect((await decide(staff, page.id, { intent: "approve" })).status).toBe(302);
    expect((await reloadFundraiser(server.database.db, page.id)).status).toBe("approved");
    const hostEmails = async () =>
      (await server.database.db.select().from(outbox).where(eq(outbox.toAddress, host.user.email))).map((o) => `${o.template}:${(o.props as { kind?: string }).kind ?? ""}`);
    expect(await hostEmails()).toEqual(["fundraiser-update:submitted", "fundraiser-update:approved"]);

    const pageHtml = await (await new Client(server.url).get(`/f/${page.slug}`)).text();
    expect(pageHtml).toContain('property="og:title"');
    expect(pageHtml).toContain('name="twitter:card"');
    expect(pageHtml).toContain(html("Matched by Barbería Central!"));
    expect(pageHtml).toContain('name="shareWithHost"');

    const raisedBefore = (await getCampaignTotals(server.database.db, campaign.id)).raisedCents;
    const shared = await giveThroughPage(page.slug, { email: "shared@example.org", name: "Ana Shared", shareWithHost: "on", message: "Go!" });
    const privateGift = await giveThroughPage(page.slug, { email: "private@example.org", name: "Pablo Private", amount: "other", otherAmount: "20" });
    expect(shared.fundraiserId).toBe(page.id);
    expect(privateGift.fundraiserId).toBe(page.id);
    const after = await eventually(() => reloadFundraiser(server.database.db, page.id), (f) => f.raisedCents === 49_500 + 2_000);
    expect(after.raisedCents).toBe(49_500 + 2_000);
    expect(after.matchedCents).toBe(30_000);
    expect((await getCampaignTotals(server.database.db, campaign.id)).raisedCents).toBe(raisedBefore + 51_500);
    // First gift, then the goal (one renewal of $495) reached, each once; half the goal came with the first gift.
    expect((await hostEmails()).filter((e) => e.startsWith("fundraiser-progress")).sort()).toEqual([
      "fundraiser-progress:first_gift",
      "fundraiser-progress:goal",
      "fundraiser-progress:half_goal",
    ]);

    const dashboard = await (await host.client.get(`/host/fundraisers/${page.id}`)).text();
    expect(dashboard).toContain("shared@example.org");
    expect(dashboard).toContain("Ana Shared");
    expect(dashboard).not.toContain("private@example.org");
    expect(dashboard).not.toContain("Pablo Private");
    expect(dashboard).toContain("<svg");
    const csv = await (await host.client.get(`/host/fundraisers/${page.id}/gifts.csv`)).text();
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(3);
    expect(csv).toContain("shared@example.org");
    expect(csv).not.toContain("private@example.org");

    const campaignPage = await (await new Client(server.url).get(`/campaigns/${campaign.slug}`)).text();
    expect(campaignPage).toContain("Barbería Central");
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });

  it("shows donors who chose only the public wall by name, never next to their amount, on the dashboard and in the CSV", async () => {
    const host = await hostClient("Heladería Polo");
    const page = await createPage(host.client, { title: "Ice cream for renewals" });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "admin");
    await decide(staff, page.id, { intent: "approve" });
    await giveThroughPage(page.slug, { email: "wall@example.org", name: "Wendy Wall", showOnWall: "on", message: "Adelante", amount: "other", otherAmount: "23.45" });
    await giveThroughPage(page.slug, { email: "both@example.org", name: "Sam Shared", showOnWall: "on", shareWithHost: "on", amount: "other", otherAmount: "31.17" });

    const dashboard = await (await host.client.get(`/host/fundraisers/${page.id}`)).text();
    const rowsWith = (text: string) =>
      dashboard
        .split("<tr")
        .map((row) => row.split("</tr>")[0]!)
        .filter((row) => row.includes(text));
    expect(dashboard).toContain("Wendy Wall");
    expect(dashboard).toContain("Adelante");
    expect(rowsWith("Wendy Wall")).toEqual([]);
    expect(rowsWith("Adelante")).toEqual([]);
    expect(dashboard).not.toContain("wall@example.org");
    expect(rowsWith("Sam Shared").join("")).toContain("31.17");

    const csv = (await (await host.client.get(`/host/fundraisers/${page.id}/gifts.csv`)).text()).split("\r\n");
    expect(csv.join("\n")).not.toContain("Wendy Wall");
    expect(csv.join("\n")).not.toContain("Adelante");
    expect(csv.find((line) => line.includes("23.45"))).toMatch(/,,,$/);
    expect(csv.find((line) => line.includes("Sam Shared"))).toContain("31.17");
  });

  it("refuses a staff decision on a page the host changed after the reviewer opened it", async () => {
    const host = await hostClient("Sastrería Hilo");
    const page = await createPage(host.client, { title: "Suits for renewals", storyEn: "What staff read." });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "reviewer");
    const seen = (await (await staff.get(`/staff/fundraisers/${page.id}`)).text()).match(/name="version" value="([^"]+)"/)![1]!;
    const edit = await host.client.post(`/host/fundraisers/${page.id}/edit`, validPage({ title: "Suits for renewals", storyEn: "Something staff never read." }));
    expect(edit.status).toBe(302);
    const staleForms: Record<string, string>[] = [{ intent: "approve", version: seen }, { intent: "approve" }, { intent: "reject", reason: "No", version: seen }];
    for (const form of staleForms) {
      const stale = await staff.post(`/staff/fundraisers/${page.id}`, form);
      expect(stale.status, JSON.stringify(form)).toBe(302);
      expect(await (await staff.get(stale.headers.get("location")!)).text()).toContain(html(en.staffFundraisers.changedSinceViewed));
      expect((await reloadFundraiser(server.database.db, page.id)).status).toBe("submitted");
    }
    expect((await decide(staff, page.id, { intent: "approve" })).status).toBe(302);
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ status: "approved", storyEn: "Something staff never read." });

    // The same for a live page's story edit.
    await host.client.post(`/host/fundraisers/${page.id}/edit`, validPage({ title: "Suits for renewals", storyEn: "Edit one." }));
    const seenRevision = (await (await staff.get(`/staff/fundraisers/${page.id}`)).text()).match(/name="version" value="([^"]+)"/)![1]!;
    await host.client.post(`/host/fundraisers/${page.id}/edit`, validPage({ title: "Suits for renewals", storyEn: "Edit two." }));
    await staff.post(`/staff/fundraisers/${page.id}`, { intent: "approveRevision", version: seenRevision });
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ storyEn: "Something staff never read.", pendingStoryEn: "Edit two." });
  });

  it("keeps the approved story up while an edit waits for review", async () => {
    const host = await hostClient("Florería Rosa");
    const page = await createPage(host.client, { title: "Flowers for renewals", storyEn: "Original story." });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "reviewer");
    await decide(staff, page.id, { intent: "approve" });
    const edit = await host.client.post(`/host/fundraisers/${page.id}/edit`, validPage({ title: "Flowers for renewals", storyEn: "A new story." }));
    expect(edit.status).toBe(302);
    expect(await (await new Client(server.url).get(`/f/${page.slug}`)).text()).toContain("Original story.");
    expect(await (await staff.get("/staff/fundraisers")).text()).toContain("Flowers for renewals");
    await decide(staff, page.id, { intent: "approveRevision" });
    expect(await (await new Client(server.url).get(`/f/${page.slug}`)).text()).toContain("A new story.");
  });

  it("keeps a live page's approved business name until staff review the new one; pages not yet live follow at once", async () => {
    const host = await hostClient("Tintorería Vieja");
    const page = await createPage(host.client, { title: "Dry cleaning for renewals", storyEn: "Kept story." });
    const draft = await createPage(host.client, { title: "A draft" });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "reviewer");
    await decide(staff, page.id, { intent: "approve" });

    const profile = { businessName: "Tintorería Nueva", contactName: "Owner", phone: "", website: "" };
    const saved = await host.client.post("/host/profile", profile);
    expect(saved.status).toBe(302);
    expect(await (await host.client.get(saved.headers.get("location")!)).text()).toContain(html(en.host.profile.savedForReview));
    expect((await reloadFundraiser(server.database.db, draft.id)).businessName).toBe("Tintorería Nueva");
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ businessName: "Tintorería Vieja", revisionStatus: "submitted" });
    const publicPage = await (await new Client(server.url).get(`/f/${page.slug}`)).text();
    expect(publicPage).toContain(html("Tintorería Vieja"));
    expect(publicPage).not.toContain(html("Tintorería Nueva"));
    expect(await (await staff.get(`/staff/fundraisers/${page.id}`)).text()).toContain(html("Tintorería Nueva"));
    // The host's edit form still holds the approved story (only the name is in review).
    expect(await (await host.client.get(`/host/fundraisers/${page.id}/edit`)).text()).toContain("Kept story.");

    await decide(staff, page.id, { intent: "approveRevision" });
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ businessName: "Tintorería Nueva", storyEn: "Kept story.", title: "Dry cleaning for renewals", pendingBranding: false });
    expect(await (await new Client(server.url).get(`/f/${page.slug}`)).text()).toContain(html("Tintorería Nueva"));
  });

  it("ends with a summary email and a match payment through Checkout that settles into the pool", async () => {
    const host = await hostClient("Panadería Dulce");
    const page = await createPage(host.client, { title: "Bread for renewals", matchCap: "100" });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "admin");
    await decide(staff, page.id, { intent: "approve" });
    await giveThroughPage(page.slug, { email: "bread@example.org", amount: "other", otherAmount: "60" });
    await eventually(() => reloadFundraiser(server.database.db, page.id), (f) => f.matchedCents === 6_000);
    expect((await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "end" })).status).toBe(302);
    const [ended] = await server.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, host.user.email), eq(outbox.template, "fundraiser-ended")));
    expect(ended!.props).toMatchObject({ raisedCents: 6_000, matchedCents: 6_000, matchOwedCents: 6_000, matchPaymentUrl: expect.stringContaining(`/host/fundraisers/${page.id}/pay-match`) });
    expect((await new Client(server.url).post(`/f/${page.slug}`, { intent: "donate", amount: "full", email: "late@example.org" })).status).toBe(400);

    const raisedBefore = (await getCampaignTotals(server.database.db, campaign.id)).raisedCents;
    const pay = await host.client.post(`/host/fundraisers/${page.id}/pay-match`, {});
    expect(pay.status).toBe(303);
    await server.fakeStripe!.completeCheckout(pay.headers.get("location")!.split("/").pop()!);
    const paid = await eventually(() => reloadFundraiser(server.database.db, page.id), (f) => f.matchPaidCents === 6_000);
    expect(paid.matchPaidCents).toBe(6_000);
    expect((await getCampaignTotals(server.database.db, campaign.id)).raisedCents).toBe(raisedBefore + 6_000);
    await expectLedgerInvariants(server.database.db, [campaign.id]);
  });
});

describe("a match pledge ends with its page", () => {
  it("ending early closes the match window: a checkout started before still counts, later gifts are not matched", async () => {
    const host = await hostClient("Zapatería Paso");
    const page = await createPage(host.client, { title: "Shoes for renewals", matchCap: "100", matchStartsOn: day(0), matchEndsOn: day(20) });
    await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "submit" });
    const { client: staff } = await signedInClient(server, "admin");
    await decide(staff, page.id, { intent: "approve" });
    const started = await new Client(server.url).post(`/f/${page.slug}`, { intent: "donate", amount: "other", otherAmount: "30", frequency: "one_time", email: "early@example.org" });
    expect(started.status).toBe(303);
    expect((await host.client.post(`/host/fundraisers/${page.id}/edit`, { intent: "end" })).status).toBe(302);
    expect((await reloadFundraiser(server.database.db, page.id)).matchEndsOn).toBe(day(0));
    await server.fakeStripe!.completeCheckout(started.headers.get("location")!.split("/").pop()!);
    const ended = await eventually(() => reloadFundraiser(server.database.db, page.id), (f) => f.raisedCents === 3_000);
    expect(ended.matchedCents).toBe(3_000);
    await recordDonation(server.database.db, { campaignId: campaign.id, fundraiserId: page.id, idempotencyKey: "after-end", giftCents: 2_000 });
    expect(await reloadFundraiser(server.database.db, page.id)).toMatchObject({ raisedCents: 5_000, matchedCents: 3_000 });
  });
});

describe("host pages in both languages", () => {
  it("title each page in the host's language", async () => {
    const host = await hostClient("Papelería Lápiz");
    const page = await createPage(host.client, { title: "Pencils for renewals" });
    const titleOf = async (client: Client, path: string) => (await (await client.get(path)).text()).match(/<title>([^<]*)<\/title>/)?.[1];
    const english = {
      "/host": `${en.host.pageTitles.home} · Fondo`,
      "/host/profile": `${en.host.pageTitles.profile} · Fondo`,
      "/host/fundraisers/new": `${en.host.pageTitles.new} · Fondo`,
      [`/host/fundraisers/${page.id}`]: "Pencils for renewals: dashboard · Fondo",
      [`/host/fundraisers/${page.id}/edit`]: "Edit Pencils for renewals · Fondo",
    };
    for (const [path, title] of Object.entries(english)) expect(await titleOf(host.client, path), path).toBe(title);
    expect(await titleOf(host.client, `/host/fundraisers/${page.id}?lng=es`)).toBe("Pencils for renewals: panel · Fondo");
    expect(await titleOf(host.client, "/host/profile?lng=es")).toBe(`${es.host.pageTitles.profile} · Fondo`);
  });
});

describe("the embeddable widget", () => {
  it("may be framed anywhere and opens Checkout in the top window", async () => {
    const [demo] = await server.database.db.select().from(fundraisers).where(eq(fundraisers.slug, "cafe-la-esquina-cafecito"));
    const response = await new Client(server.url).get(`/f/${demo!.slug}/embed`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(response.headers.get("x-frame-options")).toBeNull();
    const body = await response.text();
    expect(body).toMatch(/<form[^>]*target="_top"/);
    expect(body).toContain(`action="/f/${demo!.slug}#give"`);
    const page = await new Client(server.url).get(`/f/${demo!.slug}`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("a host's form with several mistakes", () => {
  it("lists them in the order the page shows the fields", async () => {
    const { client } = await hostClient("Estética Orden");
    const answer = await client.post("/host/fundraisers/new?lng=es", validPage({ campaignId: "", title: "", storyEn: "", endsOn: "" }));
    expect(answer.status).toBe(400);
    const summary = (await answer.text()).split('class="error-summary"')[1]!.split("</ul>")[0]!;
    const places = [es.host.fields.campaign, es.host.fields.title, es.host.fields.storyEn, es.host.fields.endsOn].map((label) => summary.indexOf(html(label)));
    expect(places.every((p) => p >= 0)).toBe(true);
    expect([...places].sort((a, b) => a - b)).toEqual(places);
  });
});
