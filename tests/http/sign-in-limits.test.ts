import { generateHOTP, generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, sessions, signInTokens } from "../../db/schema";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { processLinkRequests } from "../../app/modules/link-requests/link-requests.server";
import { makeUser } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const password = "the owner's long password";
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;");
const code = (secret: string) => generateTOTP(decodeBase32IgnorePadding(secret), 30, 6);
/** The code an authenticator shows in the next 30 seconds (accepted for clock drift, and not yet used). */
const nextCode = (secret: string) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(Date.now() / 30_000) + 1), 6);
const sessionCount = async (userId: string) => (await server.database.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

/** The newest sign-in link emailed to an address, once the worker has handled the request. */
async function newestLink(email: string): Promise<string> {
  await processLinkRequests(server.database.db);
  const rows = await server.database.db.select().from(outbox).where(and(eq(outbox.toAddress, email), eq(outbox.template, "sign-in-link")));
  return new URL(String(rows.at(-1)!.props.url)).searchParams.get("token")!;
}

describe("a stranger cannot lock an account", () => {
  it("a stranger's wrong passwords slow only the stranger; the owner's password and email link keep working from their own address", async () => {
    const owner = await makeUser(server.database.db, { role: "reviewer", password });
    const stranger = new Client(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await stranger.post("/sign-in", { intent: "password", email: owner.email, password: `guess ${i}` })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    const slowed = await stranger.post("/sign-in", { intent: "password", email: owner.email, password });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get("retry-after"))).toBeGreaterThan(0);
    // The stranger asking for links for the owner is limited too, and kills none of them.
    const strangerLinks: number[] = [];
    for (let i = 0; i < 4; i++) strangerLinks.push((await stranger.post("/sign-in", { intent: "link", email: owner.email })).status);
    expect(strangerLinks).toEqual([303, 303, 303, 429]);

    const ownersAddress = new Client(server.url);
    const link = await ownersAddress.post("/sign-in", { intent: "link", email: owner.email });
    expect(link.status).toBe(303);
    const token = await newestLink(owner.email);
    const signedInByLink = await ownersAddress.post("/sign-in/verify", { token });
    expect(signedInByLink.status).toBe(303);
    // A reviewer without two-step verification is sent to set it up.
    expect(signedInByLink.headers.get("location")).toBe("/staff/two-factor");

    const byPassword = await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password });
    expect(byPassword.status).toBe(303);
  });

  it("successful sign-ins are not counted as attempts", async () => {
    const owner = await makeUser(server.database.db, { role: "reviewer", password });
    const sameDesk = new Client(server.url);
    for (let i = 0; i < 8; i++) expect((await sameDesk.post("/sign-in", { intent: "password", email: owner.email, password })).status).toBe(303);
  });

  it("wrong two-step codes slow that address only; the owner completes the second step from theirs", async () => {
    const owner = await makeUser(server.database.db, { role: "admin", password, totp: true });
    // Someone who has the password, but not the authenticator.
    const thief = new Client(server.url);
    expect((await thief.post("/sign-in", { intent: "password", email: owner.email, password })).status).toBe(303);
    const wrong = code(owner.totpSecret!) === "000000" ? "111111" : "000000";
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await thief.post("/sign-in/two-factor", { code: wrong })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);

    const mine = new Client(server.url);
    expect((await mine.post("/sign-in", { intent: "password", email: owner.email, password })).status).toBe(303);
    const step = await mine.post("/sign-in/two-factor", { code: code(owner.totpSecret!) });
    expect(step.status).toBe(303);
    expect((await mine.get("/staff")).status).toBe(200);
  });

  it("a completed sign-in retires the account's other unused links; asking for one does not", async () => {
    const owner = await makeUser(server.database.db, { role: "host" });
    const client = new Client(server.url);
    await client.post("/sign-in", { intent: "link", email: owner.email });
    const first = await newestLink(owner.email);
    await new Client(server.url).post("/sign-in", { intent: "link", email: owner.email });
    const second = await newestLink(owner.email);
    expect(second).not.toBe(first);
    // Both are live after the second request.
    const live = await server.database.db.select().from(signInTokens).where(eq(signInTokens.userId, owner.id));
    expect(live.filter((t) => t.expiresAt > new Date() && !t.usedAt)).toHaveLength(2);
    expect((await client.post("/sign-in/verify", { token: second })).status).toBe(303);
    const old = await new Client(server.url).post("/sign-in/verify", { token: first });
    expect(old.status).toBe(400);
  });
});

describe("where sign-in leads", () => {
  const hostile = [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example/",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\v/evil.example",
    "/\u3000/evil.example",
    "javascript:alert(1)",
    " /staff",
  ];

  it("refuses a NUL byte in redirectTo as bad input (every form does), writing no session", async () => {
    const owner = await makeUser(server.database.db, { role: "reviewer", password });
    const response = await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password, redirectTo: "/\u0000/evil.example" });
    expect(response.status).toBe(400);
    expect(await sessionCount(owner.id)).toBe(0);
  });

  it("sends the visitor only to a path on this site: anything else falls back to the home page, never a 500", async () => {
    const owner = await makeUser(server.database.db, { role: "host", password });
    for (const redirectTo of hostile) {
      const before = await sessionCount(owner.id);
      const response = await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password, redirectTo });
      expect(response.status, JSON.stringify(redirectTo)).toBe(303);
      expect(response.headers.get("location"), JSON.stringify(redirectTo)).toBe("/host");
      expect(await sessionCount(owner.id)).toBe(before + 1);
      const page = await new Client(server.url).get(`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
      expect(page.status, JSON.stringify(redirectTo)).toBe(200);
      const form = await page.text();
      expect(form).toContain('name="redirectTo" value=""');
      expect(form).not.toMatch(/name="redirectTo" value="[^"]/);
    }
    // The percent-encoded tab exactly as an attacker's link carries it.
    const raw = await new Client(server.url).request("/sign-in", {
      method: "POST",
      body: `intent=password&email=${encodeURIComponent(owner.email)}&password=${encodeURIComponent(password)}&redirectTo=/%09/evil.example`,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, "Sec-Fetch-Site": "same-origin" },
    });
    expect(raw.headers.get("location")).toBe("/host");
  });

  it("keeps a path on this site, through the two-step check too", async () => {
    const host = await makeUser(server.database.db, { role: "host", password });
    const kept = await new Client(server.url).post("/sign-in", { intent: "password", email: host.email, password, redirectTo: "/host/profile?tab=all" });
    expect(kept.headers.get("location")).toBe("/host/profile?tab=all");
    const admin = await makeUser(server.database.db, { role: "admin", password, totp: true });
    const client = new Client(server.url);
    const first = await client.post("/sign-in", { intent: "password", email: admin.email, password, redirectTo: "/staff/audit" });
    expect(first.headers.get("location")).toBe("/sign-in/two-factor?redirectTo=%2Fstaff%2Faudit");
    const second = await client.post(first.headers.get("location")!, { code: code(admin.totpSecret!) });
    expect(second.headers.get("location")).toBe("/staff/audit");
    const evil = new Client(server.url);
    await evil.post("/sign-in", { intent: "password", email: admin.email, password });
    const step = await evil.post(`/sign-in/two-factor?redirectTo=${encodeURIComponent("//evil.example")}`, { code: nextCode(admin.totpSecret!) });
    expect(step.headers.get("location")).toBe("/staff");
  });
});

describe("changing how an account signs in", () => {
  it("setting or removing a password needs the current one, and ends the account's other sessions", async () => {
    const owner = await makeUser(server.database.db, { role: "reviewer", password, totp: true });
    const laptop = new Client(server.url, { "Accept-Language": "es" });
    const phone = new Client(server.url);
    for (const c of [laptop, phone]) expect((await c.post("/sign-in", { intent: "password", email: owner.email, password })).status).toBe(303);
    // Each sign-in spends its own code (a code works once).
    expect((await laptop.post("/sign-in/two-factor", { code: code(owner.totpSecret!) })).status).toBe(303);
    expect((await phone.post("/sign-in/two-factor", { code: nextCode(owner.totpSecret!) })).status).toBe(303);
    const newPassword = "a brand new long password";

    const missing = await laptop.post("/staff/account", { intent: "set-password", password: newPassword, confirm: newPassword });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(html(es.staff.account.wrongCurrentPassword));
    const wrong = await laptop.post("/staff/account", { intent: "set-password", currentPassword: "not it at all", password: newPassword, confirm: newPassword });
    expect(wrong.status).toBe(400);
    const removeWithout = await laptop.post("/staff/account", { intent: "remove-password" });
    expect(removeWithout.status).toBe(400);
    expect((await phone.get("/staff")).status).toBe(200);

    const changed = await laptop.post("/staff/account", { intent: "set-password", currentPassword: password, password: newPassword, confirm: newPassword });
    expect(changed.status).toBe(302);
    expect((await laptop.get("/staff")).status).toBe(200);
    expect((await phone.get("/staff")).status).toBe(302);
    expect((await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password: newPassword })).status).toBe(303);

    const removed = await laptop.post("/staff/account", { intent: "remove-password", currentPassword: newPassword });
    expect(removed.status).toBe(302);
    expect((await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password: newPassword })).status).toBe(400);
  });

  it("an account without a password proves itself with a fresh two-step code", async () => {
    const owner = await makeUser(server.database.db, { role: "admin", totp: true });
    const client = new Client(server.url);
    await client.post("/sign-in", { intent: "link", email: owner.email });
    expect((await client.post("/sign-in/verify", { token: await newestLink(owner.email) })).status).toBe(303);
    expect((await client.post("/sign-in/two-factor", { code: code(owner.totpSecret!) })).status).toBe(303);
    const newPassword = "an admin's long password";
    const page = await (await client.get("/staff/account?lng=en")).text();
    expect(page).toContain(html(en.staff.account.codeHint));
    // The code just used cannot be used again.
    const reused = await client.post("/staff/account", { intent: "set-password", code: code(owner.totpSecret!), password: newPassword, confirm: newPassword });
    expect(reused.status).toBe(400);
    const saved = await client.post("/staff/account", { intent: "set-password", code: nextCode(owner.totpSecret!), password: newPassword, confirm: newPassword });
    expect(saved.status).toBe(302);
    expect((await new Client(server.url).post("/sign-in", { intent: "password", email: owner.email, password: newPassword })).status).toBe(303);
  });
});
