/**
 * Error pages keep the site around them: the header with its navigation, the footer and the
 * visitor's language — for unknown addresses and for errors inside each section.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const missingId = "00000000-0000-4000-8000-000000000000";

describe("error pages", () => {
  it("an unknown address is a 404 page in Spanish for a Spanish browser, inside the Spanish header and footer", async () => {
    const response = await new Client(server.url, { "Accept-Language": "es-MX,es;q=0.9" }).get("/no-existe");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toMatch(/<html lang="es"/);
    expect(html).toContain(`<h1>${es.errors.page404.title}</h1>`);
    expect(html).toContain(`aria-label="${es.nav.label}"`);
    expect(html).toContain(`>${es.nav.campaigns}</a>`);
    expect(html).toContain(`>${es.nav.signIn}</a>`);
    expect(html).toContain("Fondos comunitarios para las cuotas de trámites migratorios");
    expect(html).not.toContain(en.errors.page404.title);
  });

  it("in English otherwise, also for deeper unknown addresses and posts", async () => {
    const client = new Client(server.url, { "Accept-Language": "en-US" });
    const page = await client.get("/campaigns/x/y/z");
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain(`<h1>${en.errors.page404.title}</h1>`);
    expect(html).toContain(`>${en.nav.campaigns}</a>`);
    expect((await client.post("/no-such-form", { a: "b" })).status).toBe(404);
  });

  it("a missing fundraiser page (public section) keeps the site's header", async () => {
    const response = await new Client(server.url, { "Accept-Language": "es" }).get("/f/no-such-page");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toMatch(/<html lang="es"/);
    expect(html).toContain(`<h1>${es.errors.page404.title}</h1>`);
    expect(html).toContain(`>${es.nav.campaigns}</a>`);
  });

  it("a missing case in the staff section keeps the staff navigation and signed-in header", async () => {
    const { client } = await signedInClient(server, "reviewer", { "Accept-Language": "es" });
    const response = await client.get(`/staff/cases/${missingId}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(`<h1>${es.errors.page404.title}</h1>`);
    expect(html).toContain(`aria-label="${es.staff.nav.label}"`);
    expect(html).toContain(`>${es.nav.signOut}</button>`);
    expect(html).toContain(`href="/staff">${es.staff.nav.dashboard}</a>`);
  });

  it("a fundraiser the host does not own (host section) is an error page inside the host's header", async () => {
    const { client } = await signedInClient(server, "host", { "Accept-Language": "en" });
    const response = await client.get(`/host/fundraisers/${missingId}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(`<h1>${en.errors.page404.title}</h1>`);
    expect(html).toContain(`>${en.host.nav}</a>`);
  });
});
