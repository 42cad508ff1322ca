import { eq } from "drizzle-orm";
import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../db/schema";
import { Client, signedInClient, startTestServer, type TestServer } from "../support/server";
import { makeUser } from "../support/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("who may open staff pages", () => {
  it("sends anonymous visitors to sign in, keeping where they were going", async () => {
    const response = await new Client(server.url).get("/staff/users");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fstaff%2Fusers");
  });

  it("refuses a business host on staff pages and a reviewer on admin pages", async () => {
    const { client: host } = await signedInClient(server, "host");
    expect((await host.get("/staff")).status).toBe(403);
    const { client: reviewer } = await signedInClient(server, "reviewer");
    expect((await reviewer.get("/staff")).status).toBe(200);
    for (const path of ["/staff/users", "/staff/settings", "/staff/campaigns/new"]) expect((await reviewer.get(path)).status, path).toBe(403);
    expect((await reviewer.post("/staff/campaigns/new", { titleEn: "x" })).status).toBe(403);
  });

  it("holds an admin at the two-step check until the code is given", async () => {
    const password = "correct horse battery staple";
    const admin = await makeUser(server.database.db, { role: "admin", password, totp: true });
    const client = new Client(server.url);
    const signIn = await client.post("/sign-in", { intent: "password", email: admin.email, password });
    expect(signIn.headers.get("location")).toBe("/sign-in/two-factor");
    const staff = await client.get("/staff");
    expect(staff.status).toBe(302);
    expect(staff.headers.get("location")).toBe("/sign-in/two-factor");
    const wrong = await client.post("/sign-in/two-factor", { code: "000000" });
    expect(wrong.status).toBe(400);
  });

  it("accepts an authenticator code only once", async () => {
    const password = "correct horse battery staple";
    const admin = await makeUser(server.database.db, { role: "admin", password, totp: true });
    const code = generateTOTP(decodeBase32IgnorePadding(admin.totpSecret!), 30, 6);
    const first = new Client(server.url);
    await first.post("/sign-in", { intent: "password", email: admin.email, password });
    expect((await first.post("/sign-in/two-factor", { code })).status).toBe(303);
    const replay = new Client(server.url);
    await replay.post("/sign-in", { intent: "password", email: admin.email, password });
    expect((await replay.post("/sign-in/two-factor", { code })).status).toBe(400);
    expect((await replay.get("/staff")).headers.get("location")).toBe("/sign-in/two-factor");
  });

  it("sends an admin without two-step verification to set it up first", async () => {
    const password = "correct horse battery staple";
    const admin = await makeUser(server.database.db, { role: "admin", password });
    const client = new Client(server.url);
    await client.post("/sign-in", { intent: "password", email: admin.email, password });
    const staff = await client.get("/staff/campaigns");
    expect(staff.headers.get("location")).toBe("/staff/two-factor");
    expect((await client.get("/staff/two-factor")).status).toBe(200);
  });

  it("ends a disabled account's session at once", async () => {
    const { client: admin } = await signedInClient(server, "admin");
    const { client: reviewer, user } = await signedInClient(server, "reviewer");
    expect((await reviewer.get("/staff")).status).toBe(200);
    const disable = await admin.post(`/staff/users/${user.id}`, { intent: "disable" });
    expect(disable.status).toBe(302);
    const after = await reviewer.get("/staff");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/sign-in");
  });

  it("signs out on the server, not just in the browser", async () => {
    const { client, user } = await signedInClient(server, "reviewer");
    const stolenCookies = new Map(client.cookies);
    await client.post("/sign-out", {});
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const replay = new Client(server.url);
    replay.cookies = stolenCookies;
    expect((await replay.get("/staff")).status).toBe(302);
  });

  it("answers 404 for ids that do not exist or are not ids", async () => {
    const { client } = await signedInClient(server, "admin");
    expect((await client.get("/staff/campaigns/not-a-uuid")).status).toBe(404);
    expect((await client.get("/staff/campaigns/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await client.get("/staff/users/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});

describe("cross-site requests", () => {
  it("refuses a POST from another origin, or marked cross-site, and changes nothing", async () => {
    const { client } = await signedInClient(server, "admin");
    const before = (await server.database.db.select().from(sessions)).length;
    const foreign = await client.request("/sign-out", { form: { x: "1" }, headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    const crossSite = await client.request("/sign-out", { form: { x: "1" }, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    expect((await server.database.db.select().from(sessions)).length).toBe(before);
    expect((await client.get("/staff")).status).toBe(200);
  });
});

describe("sign-in protection", () => {
  it("slows password guesses per account and address, without locking the owner out", async () => {
    const user = await makeUser(server.database.db, { role: "reviewer", password: "the right password!" });
    const guesser = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await guesser.post("/sign-in", { intent: "password", email: user.email, password: `wrong ${i}` });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const right = await new Client(server.url).post("/sign-in", { intent: "password", email: user.email, password: "the right password!" });
    expect(right.status).toBe(303);
  });

  it("limits sign-in attempts per address, whatever emails are tried", async () => {
    const visitor = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await visitor.post("/sign-in", { intent: "link", email: `guess${i}@example.org` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("answers the same whether or not an email has an account", async () => {
    const known = await makeUser(server.database.db, { role: "reviewer" });
    const a = await new Client(server.url).post("/sign-in", { intent: "link", email: known.email });
    const b = await new Client(server.url).post("/sign-in", { intent: "link", email: "nobody-here@example.org" });
    expect([a.status, a.headers.get("location")]).toEqual([b.status, b.headers.get("location")]);
  });
});

describe("security headers", () => {
  it("sends a nonce-based CSP matching the page's scripts, and forbids framing", async () => {
    const response = await new Client(server.url).get("/");
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("reports health with the database checked", async () => {
    const response = await new Client(server.url).get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });
});
