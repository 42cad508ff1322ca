import { solidPng } from "../support/png-bomb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, images, organization, users } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const count = async (table: typeof campaigns | typeof images | typeof users) =>
  (await server.database.db.select().from(table)).length;

/** Text as React renders it into HTML. */
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

const badCampaign = {
  titleEn: "",
  titleEs: "Renovaciones",
  slug: "Bad Slug!",
  storyEn: "Story",
  storyEs: "<script>alert('x')</script>",
  goalFees: "0",
  feeSource: "fixed",
  fixedFee: "",
  startsOn: "2026-05-01",
  endsOn: "2026-04-01",
};

describe("languages", () => {
  it("switches to Spanish with ?lng=es and remembers it", async () => {
    const visitor = new Client(server.url);
    const first = await visitor.get("/?lng=es");
    expect(await first.text()).toContain('<html lang="es"');
    const next = await visitor.get("/");
    const body = await next.text();
    expect(body).toContain('<html lang="es"');
    expect(body).toContain(html(es.home.title));
  });

  it("follows the browser's Accept-Language when no choice was made", async () => {
    const body = await (await new Client(server.url, { "Accept-Language": "es-MX,es;q=0.9" }).get("/")).text();
    expect(body).toContain(html(es.home.title));
    const english = await (await new Client(server.url, { "Accept-Language": "en-US" }).get("/")).text();
    expect(english).toContain(html(en.home.title));
  });

  it("shows 404 pages in the visitor's language", async () => {
    const response = await new Client(server.url).get("/campaigns/no-such-campaign?lng=es");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain(html(es.errors.page404.title));
  });
});

describe("bad input on staff forms gets field errors in the visitor's language and writes nothing", () => {
  it("campaign form, in Spanish", async () => {
    const { client } = await signedInClient(server, "admin", { "Accept-Language": "es" });
    const before = await count(campaigns);
    const form = new FormData();
    for (const [k, v] of Object.entries(badCampaign)) form.set(k, v);
    const response = await client.post("/staff/campaigns/new", form);
    expect(response.status).toBe(400);
    const body = await response.text();
    for (const message of [
      es.errors.required,
      es.errors.slug,
      es.errors.noMarkup,
      es.errors.fixedFeeRequired,
      es.errors.endBeforeStart,
      es.errors.numberRange.replace("{{min}}", "1").replace("{{max}}", "100000"),
    ])
      expect(body, message).toContain(html(message));
    expect(body).not.toContain(html(en.errors.required));
    expect(await count(campaigns)).toBe(before);
  });

  it("campaign form refuses an image over 1 MB, a 5 MB post and a file that is not an image", async () => {
    const { client } = await signedInClient(server, "admin");
    const good = { ...badCampaign, titleEn: "Fine", slug: "fine-campaign", storyEs: "Historia", goalFees: "5", fixedFee: "495", endsOn: "" };
    for (const [file, message, status] of [
      [new Blob([Buffer.alloc(1.2 * 1024 * 1024, 1)], { type: "image/png" }), en.errors.imageTooLarge, 400],
      // Over the 1.5 MB upload cap: refused before it is read, with the reason.
      [new Blob([Buffer.alloc(5 * 1024 * 1024, 1)], { type: "image/png" }), en.formErrors.tooLarge.replace("{{formKb}}", "256"), 413],
      [new Blob(["<svg onload=alert(1)></svg>"], { type: "image/svg+xml" }), en.errors.imageType, 400],
    ] as const) {
      const before = [await count(campaigns), await count(images)];
      const form = new FormData();
      for (const [k, v] of Object.entries(good)) form.set(k, v);
      form.set("image", file, "upload.png");
      const response = await client.post("/staff/campaigns/new", form, { headers: { Accept: "text/html" } });
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(html(message));
      expect([await count(campaigns), await count(images)]).toEqual(before);
    }
  });

  it("invitation form", async () => {
    const { client } = await signedInClient(server, "admin", { "Accept-Language": "es" });
    const before = await count(users);
    const response = await client.post("/staff/users", { email: "not-an-email", role: "superuser", locale: "fr" });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain(html(es.errors.email));
    expect(body).toContain(html(es.errors.choose));
    expect(await count(users)).toBe(before);
  });

  it("organization settings", async () => {
    const { client } = await signedInClient(server, "admin");
    const response = await client.post("/staff/settings", { name: "", ein: "12", timezone: "Mars/Olympus", contactEmail: "nope" });
    expect(response.status).toBe(400);
    const body = await response.text();
    for (const message of [en.errors.required, en.errors.ein, en.errors.timezone, en.errors.email]) expect(body).toContain(html(message));
    expect(await server.database.db.select().from(organization)).toHaveLength(0);
  });
});

describe("good input", () => {
  it("creates a campaign with an image, and publishing puts it on the home page", async () => {
    const { client } = await signedInClient(server, "admin");
    // A real image: uploads are decoded and re-encoded now, so a broken file is refused.
    const png = solidPng(40, 20);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      titleEn: "Harvest renewals",
      titleEs: "Renovaciones de la cosecha",
      slug: "harvest-renewals",
      storyEn: "Story",
      storyEs: "Historia",
      goalFees: "12",
      feeSource: "fixed",
      fixedFee: "495.00",
    }))
      form.set(k, v);
    form.set("image", new Blob([new Uint8Array(png)], { type: "image/png" }), "tiny.png");
    const created = await client.post("/staff/campaigns/new", form);
    expect(created.status, await created.clone().text()).toBe(302);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect(await (await new Client(server.url).get("/")).text()).not.toContain("Harvest renewals");
    expect((await client.post(`/staff/campaigns/${id}`, { intent: "publish" })).status).toBe(302);
    expect(await (await new Client(server.url).get("/")).text()).toContain("Harvest renewals");
    const api = await (await new Client(server.url).get("/api/campaigns/harvest-renewals")).json();
    expect(api).toMatchObject({ slug: "harvest-renewals", fee_cents: 49500, raised_cents: 0 });
  });
});
