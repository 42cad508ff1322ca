/**
 * Nothing private is cacheable (docs/security.md, "Private pages are never cached"). The routes
 * are the build's own route manifest, made from app/routes.ts and the files in app/routes, so a
 * new route is checked the day it is added.
 */
import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { desc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feeRequests, hostProfiles, outbox } from "../../db/schema";
import { unsubscribeUrl } from "../../app/modules/donors/unsubscribe.server";
import { manageUrl } from "../../app/modules/donations/manage.server";
import { applicationForm, latestCaseLinkPath, publishedCampaign } from "../support/applicants";
import { root } from "../support/built";
import { makeUser } from "../support/factories";
import { makeFundraiser } from "../support/fundraisers";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";

type Route = { id: string; url: string; document: boolean };

/** Every route with a loader, as a URL pattern (`/staff/cases/:id`), from the built route manifest. */
async function routesFromFiles(): Promise<Route[]> {
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;
  const fullPath = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined;
    if (!route) return "";
    const parent = fullPath(route.parentId);
    return route.path ? `${parent}/${route.path}` : parent;
  };
  return Object.values(build.routes)
    .filter((r) => r.id !== "root" && (r.path !== undefined || r.index) && r.module.loader)
    .map((r) => ({
      id: r.id,
      url: fullPath(r.id) || "/",
      document: r.module.default !== undefined,
    }));
}

let server: TestServer;
let routes: Route[];
let staff: Client;
let host: Client;
let applicant: Client;
/** A value for each parameter, named by the segment before it (`cases/:id`). */
const params = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  routes = await routesFromFiles();
  const admin = await signedInClient(server, "admin");
  staff = admin.client;
  const hostAccount = await signedInClient(server, "host");
  host = hostAccount.client;
  await db.insert(hostProfiles).values({
    userId: hostAccount.user.id,
    businessName: "Panadería Sol",
    contactName: "Sol",
  });
  const campaign = await publishedCampaign(db, admin.user.id);
  const fundraiser = await makeFundraiser(db, {
    campaignId: campaign.id,
    hostUserId: hostAccount.user.id,
  });

  // An applicant applies and opens the case with the emailed link, as in tests/http/case.test.ts.
  applicant = new Client(server.url);
  const form = applicationForm();
  expect((await applicant.post(`/campaigns/${campaign.slug}/apply`, form)).status).toBe(303);
  const caseLink = await latestCaseLinkPath(db, form.email);
  expect((await applicant.post(caseLink, {})).status).toBe(303);
  const [request] = await db.select().from(feeRequests).orderBy(desc(feeRequests.createdAt)).limit(1);
  const [email] = await db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(1);
  const gift = await new Client(server.url).post(`/campaigns/${campaign.slug}`, {
    intent: "donate",
    amount: "other",
    otherAmount: "20",
    frequency: "one_time",
    email: "private-pages@example.org",
  });

  params.set("campaigns/:id", campaign.id);
  params.set("campaigns/:slug", campaign.slug);
  params.set("f/:slug", fundraiser.slug);
  params.set("fundraisers/:id", fundraiser.id);
  params.set("cases/:id", request!.id);
  params.set("requests/:id", request!.id);
  params.set("users/:id", (await makeUser(db, { role: "reviewer" })).id);
  params.set("case/:token", caseLink.split("/").pop()!);
  params.set("email/:token", "not-a-token");
  params.set("manage/:token", new URL(manageUrl(crypto.randomUUID(), 3_600_000)).pathname.split("/").pop()!);
  params.set("outbox/:id", email!.id);
  params.set("demo-checkout/:id", gift.headers.get("location")!.split("/").pop()!);
  params.set("images/:id", crypto.randomUUID());
  params.set("gifts/:id", crypto.randomUUID());
  params.set("statements/:year", "2026");
  params.set("link/:token", "not-a-token");
  params.set("unsubscribe/:token", new URL(unsubscribeUrl("private-pages@example.org", "impact")).pathname.split("/").pop()!);
  params.set("/*", "no-such-page");
});
afterAll(() => server.stop());

function fill(route: Route): string {
  return route.url.replace(/([\w-]+\/)?(:\w+|\*)/g, (whole, before: string | undefined, param: string) => {
    const value = params.get(param === "*" ? "/*" : `${before ?? ""}${param}`);
    if (value === undefined) throw new Error(`${route.id}: give the test a value for "${whole}" (tests/http/private-pages.test.ts)`);
    return `${before ?? ""}${value}`;
  });
}

/** The signed-in visitor each section is for; every other page is asked with a staff session. */
async function visitorFor(url: string): Promise<Client> {
  if (url === "/sign-out") return (await signedInClient(server, "reviewer")).client;
  if (/^\/host(\/|$)/.test(url)) return host;
  if (/^\/case(\/|$)/.test(url)) return applicant;
  return staff;
}

const dataUrl = (url: string) => (url === "/" ? "/_root.data" : `${url}.data`);

describe("private answers are never cached", () => {
  it("finds the routes from the route files", () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining(["/staff/campaigns/:id/donations", "/host", "/case", "/donor/manage/:token", "/staff/campaigns/:id/ledger.csv"]),
    );
    expect(routes.length).toBeGreaterThan(50);
  });

  it("every route, document and .data request, answers a signed-in visitor with no-store", async () => {
    const answers: string[] = [];
    for (const route of routes) {
      const url = fill(route);
      const client = await visitorFor(url);
      for (const target of route.document ? [url, dataUrl(url)] : [url]) {
        const response = await client.get(target);
        await response.body?.cancel();
        answers.push(`${response.status} ${response.headers.get("cache-control")} ${target}`);
        expect(response.status, target).toBeLessThan(500);
        expect(response.headers.get("cache-control"), `${target} (${route.id})`).toBe("no-store");
      }
    }
    // The pages behind a session were really reached, not turned away.
    const behindSession = answers.filter((a) => / \/(staff|host|case|donor\/manage)\b/.test(a));
    expect(
      behindSession.filter((a) => !/^(200|204|30\d) /.test(a)),
      answers.join("\n"),
    ).toEqual([]);
  });

  it("a page behind a session without one (the sign-in redirect) and a donor's manage link are no-store too", async () => {
    const visitor = new Client(server.url);
    for (const target of ["/staff/campaigns", "/staff/campaigns.data", "/host", "/host.data", `/donor/manage/${params.get("manage/:token")}`]) {
      const response = await visitor.get(target);
      expect(response.headers.get("cache-control"), target).toBe("no-store");
    }
  });

  it("public pages keep their caching for visitors without a session", async () => {
    const visitor = new Client(server.url);
    for (const target of ["/", `/f/${params.get("f/:slug")}`, `/campaigns/${params.get("campaigns/:slug")}`]) {
      const response = await visitor.get(target);
      expect(response.status, target).toBe(200);
      expect(response.headers.get("cache-control"), target).toBe("public, max-age=5, s-maxage=5");
    }
  });
});
