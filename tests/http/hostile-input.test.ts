import crypto from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { startChildServer, type ChildServer } from "../support/child-server";
import { makeUser } from "../support/factories";
import { makePublishedCampaign } from "../support/fundraiser-fixture";
import { multipart, sendRaw, watchHealth, type Answer } from "../support/hostile";
import { solidPng } from "../support/png-bomb";
import { Client } from "../support/server";

/**
 * Issue 12: one cheap request from anyone must not freeze the server, grow its memory or get a
 * 500. Each row is one finding reproduced as requests against the real server running in its
 * own process: every answer is the expected 4xx within a second, /healthz keeps answering within
 * a second meanwhile, and the server's resident memory grows by less than 50 MB.
 * Add a finding by adding a row.
 */
type Context = { url: string; slug: string; campaignId: string; admin: Record<string, string>; adminEmail: string; password: string };
type Row = {
  finding: number;
  label: string;
  /** The requests: one after the other, or all at once when `together`. */
  send: (ctx: Context) => (() => Promise<Answer>)[];
  together?: boolean;
  status: number | number[];
  /** What the answer must (not) say. */
  check?: (answer: Answer) => void;
};

const MB = 1024 * 1024;
const form = "application/x-www-form-urlencoded";
const sameOrigin = (ctx: Context, extra: Record<string, string> = {}) => ({ Origin: ctx.url, "Sec-Fetch-Site": "same-origin", ...extra });
const postForm = (ctx: Context, path: string, body: string, extra: Record<string, string> = {}) =>
  sendRaw(ctx.url, path, { body, headers: sameOrigin(ctx, { "Content-Type": form, ...extra }) });
const times = <T,>(n: number, make: () => T) => Array.from({ length: n }, make);
const freshSignature = () => `t=${Math.floor(Date.now() / 1000)},v1=${crypto.randomBytes(32).toString("hex")}`;
let visitor = 0;
/** A client address of its own (the child trusts one proxy hop), as a different person would have. */
const fromAddress = (name: string) => ({ "X-Forwarded-For": `203.0.113.${name === "stranger" ? 66 : 100 + (++visitor % 150)}` });
const sameSite = (ctx: Context, location: string | undefined) => location !== undefined && new URL(location, ctx.url).origin === new URL(ctx.url).origin;
const html = (text: string) => text.replace(/'/g, "&#x27;").replace(/"/g, "&quot;");

const publicForms = (ctx: Context) => ["/sign-in", "/case/resend", `/campaigns/${ctx.slug}`, `/campaigns/${ctx.slug}/apply`, "/apply", "/donor/manage", "/host"];

const rows: Row[] = [
  // Finding 1: a number the visitor writes must not size anything.
  {
    finding: 1,
    label: "x[100000000] on every public form",
    send: (ctx) => publicForms(ctx).map((path) => () => postForm(ctx, path, "intent=link&email=bad&x[100000000]=1")),
    status: [400, 405],
    check: (a) => expect(a.body.length).toBeLessThan(100_000),
  },
  {
    finding: 1,
    label: "x[100000000] is explained in the visitor's language",
    send: (ctx) => [() => postForm(ctx, "/sign-in", "intent=link&email=bad&x[100000000]=1", { "Accept-Language": "es" })],
    status: 400,
    check: (a) => expect(a.body).toContain(html(es.formErrors.tooManyItems.replace("{{items}}", "50"))),
  },
  {
    finding: 1,
    label: "components[10000000] on fee schedules, as an admin",
    send: (ctx) => [
      () => postForm(ctx, "/staff/fee-schedules", "filingMethod=online&effectiveFrom=2027-01-01&nameEn=a&nameEs=a&components[10000000].form=I-821D", ctx.admin),
    ],
    status: 400,
  },
  {
    finding: 1,
    label: "a conform list intent with index 100000000",
    send: (ctx) => [
      () => postForm(ctx, "/staff/fee-schedules", `__intent__=${encodeURIComponent(JSON.stringify({ type: "insert", payload: { name: "components", index: 100_000_000 } }))}`, ctx.admin),
    ],
    status: 400,
  },
  {
    finding: 1,
    label: "5,000 fields, and a 10,000-character field name",
    send: (ctx) => [() => postForm(ctx, "/sign-in", times(5000, () => "a=1").join("&")), () => postForm(ctx, "/sign-in", `${"n".repeat(10_000)}=1&email=x`)],
    status: 400,
  },
  {
    finding: 1,
    label: "unknown fields are never echoed back",
    send: (ctx) => [() => postForm(ctx, "/sign-in?_data=routes%2Fsign-in", `intent=link&email=bad&planted=${"z".repeat(100_000)}`)],
    status: 400,
    check: (a) => {
      expect(a.body).not.toContain("planted");
      expect(a.body.length).toBeLessThan(1000);
    },
  },
  // Finding 2: bodies are limited before they are read.
  {
    finding: 2,
    label: "three 200 MB posts to /sign-in at once",
    together: true,
    send: (ctx) => times(3, () => () => sendRaw(ctx.url, "/sign-in", { size: 200 * MB, headers: sameOrigin(ctx, { "Content-Type": form }) })),
    status: 413,
  },
  {
    finding: 2,
    label: "unsigned 200 MB posts to both Stripe webhooks at once: too large, like everywhere else",
    together: true,
    send: (ctx) =>
      ["/webhooks/stripe", "/webhooks/stripe/issuing", "/webhooks/stripe"].map((path) => () => sendRaw(ctx.url, path, { size: 200 * MB, headers: { "Content-Type": "application/json" } })),
    status: 413,
  },
  {
    finding: 2,
    label: "stale or malformed Stripe signatures on chunked bodies are refused before the body is read",
    send: (ctx) => [
      () => sendRaw(ctx.url, "/webhooks/stripe", { size: 200 * MB, chunked: true, headers: { "Stripe-Signature": `t=${Math.floor(Date.now() / 1000) - 3600},v1=${"a".repeat(64)}` } }),
      () => sendRaw(ctx.url, "/webhooks/stripe/issuing", { size: 10 * MB, chunked: true, headers: { "Stripe-Signature": "t=now,v1=zz" } }),
    ],
    status: 400,
  },
  {
    finding: 2,
    label: "a 200 MB webhook with a fresh-looking signature",
    send: (ctx) =>
      ["/webhooks/stripe", "/webhooks/stripe/issuing"].map((path) => () => sendRaw(ctx.url, path, { size: 200 * MB, headers: { "Content-Type": "application/json", "Stripe-Signature": freshSignature() } })),
    status: 413,
  },
  {
    finding: 2,
    label: "200 MB on ?_data= requests and on paths without an action",
    send: (ctx) => [
      () => sendRaw(ctx.url, "/sign-in?_data=routes%2Fsign-in", { size: 200 * MB, headers: sameOrigin(ctx, { "Content-Type": form }) }),
      () => sendRaw(ctx.url, "/", { size: 200 * MB, headers: sameOrigin(ctx, { "Content-Type": form }) }),
      () => sendRaw(ctx.url, "/no-such-page.data", { method: "PUT", size: 200 * MB, headers: sameOrigin(ctx, { "Content-Type": "application/octet-stream" }) }),
    ],
    status: 413,
  },
  {
    finding: 2,
    label: "chunked bodies (no Content-Length) are counted as they arrive",
    send: (ctx) => [
      () => sendRaw(ctx.url, "/sign-in", { size: 20 * MB, chunked: true, headers: sameOrigin(ctx, { "Content-Type": form }) }),
      () => sendRaw(ctx.url, "/host", { size: 20 * MB, chunked: true, headers: sameOrigin(ctx, { "Content-Type": "multipart/form-data; boundary=x" }) }),
    ],
    status: 413,
  },
  {
    finding: 2,
    label: "a 3 MB upload is over the 1.5 MB cap, explained in the visitor's language",
    send: (ctx) => [
      () => sendRaw(ctx.url, "/host", { size: 3 * MB, headers: sameOrigin(ctx, { "Content-Type": "multipart/form-data; boundary=x", Accept: "text/html", "Accept-Language": "es" }) }),
    ],
    status: 413,
    check: (a) => expect(a.body).toContain(html(es.errors.page413.title)),
  },
  // Finding 3: an image's pixels, not its bytes, decide what it costs.
  {
    finding: 3,
    label: "a 15000×15000 px PNG logo of under a megabyte is a field error",
    send: (ctx) => {
      const { body, contentType } = multipart([
        { name: "email", value: "bomb@example.org" },
        { name: "businessName", value: "Bomb Café" },
        { name: "contactName", value: "Ana" },
        { name: "logo", value: solidPng(15_000, 15_000), filename: "logo.png", type: "image/png" },
      ]);
      return [() => sendRaw(ctx.url, "/host", { body, headers: sameOrigin(ctx, { "Content-Type": contentType, "Accept-Language": "en", ...fromAddress("host") }) })];
    },
    status: 400,
    check: (a) => expect(a.body).toContain(html(en.errors.imageDimensions)),
  },
  // Finding 4: a stranger's guesses slow the stranger, never the owner.
  {
    finding: 4,
    label: "a stranger guesses an admin's password ten times from one address",
    send: (ctx) =>
      times(10, () => () => postForm(ctx, "/sign-in", `intent=password&email=${encodeURIComponent(ctx.adminEmail)}&password=wrong-guess-123`, fromAddress("stranger"))),
    status: [400, 429],
  },
  {
    finding: 4,
    label: "meanwhile the owner's emailed link and right password still work from their own address",
    send: (ctx) => [
      () => postForm(ctx, "/sign-in", `intent=link&email=${encodeURIComponent(ctx.adminEmail)}`, fromAddress("owner")),
      () => postForm(ctx, "/sign-in", `intent=password&email=${encodeURIComponent(ctx.adminEmail)}&password=${encodeURIComponent(ctx.password)}`, fromAddress("owner")),
    ],
    status: 303,
  },
  // Finding 5: after sign-in, only paths on this site.
  {
    finding: 5,
    label: "redirectTo with a tab, newline, CR, VT, U+3000 or backslash stays on the site",
    send: (ctx) =>
      ["/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "/%0B/evil.example", "/%E3%80%80/evil.example", "//evil.example", "/%5Cevil.example"].map(
        (target) => () =>
          postForm(ctx, `/sign-in?redirectTo=${target}`, `intent=password&email=${encodeURIComponent(ctx.adminEmail)}&password=${encodeURIComponent(ctx.password)}&redirectTo=${target}`, fromAddress("owner")),
      ),
    status: 303,
    check: (a) => expect(sameSite(ctx, a.location), a.location).toBe(true),
  },
  // Finding 7: decrypting applicant data is a same-origin POST, never a link.
  {
    finding: 7,
    label: "a cross-site reveal of a case is refused",
    send: (ctx) => [
      () => sendRaw(ctx.url, `/staff/cases/${crypto.randomUUID()}`, { body: "intent=reveal&reason=legal", headers: { ...ctx.admin, "Content-Type": form, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } }),
      () => sendRaw(ctx.url, `/staff/cases/${crypto.randomUUID()}`, { body: "intent=reveal&reason=legal", headers: { ...ctx.admin, "Content-Type": form, Origin: "null" } }),
    ],
    status: 403,
  },
  // Finding 9: account changes need the owner.
  {
    finding: 9,
    label: "setting a password without the current one is refused",
    send: (ctx) => [() => postForm(ctx, "/staff/account", "intent=set-password&password=a-brand-new-passphrase&confirm=a-brand-new-passphrase", ctx.admin)],
    status: 400,
  },
  // Finding 8: bad input is a 4xx, never a 500.
  {
    finding: 8,
    label: "JSON, text and binary bodies to every public form",
    send: (ctx) =>
      publicForms(ctx).flatMap((path) => [
        () => postForm(ctx, path, '{"email":"a@b.c"}', { "Content-Type": "application/json" }),
        () => postForm(ctx, path, "email=a@b.c", { "Content-Type": "text/plain" }),
        () => sendRaw(ctx.url, path, { body: crypto.randomBytes(2048), headers: sameOrigin(ctx, { "Content-Type": "application/octet-stream" }) }),
        () => sendRaw(ctx.url, path, { body: crypto.randomBytes(2048), headers: sameOrigin(ctx) }),
      ]),
    status: [405, 415],
  },
  {
    finding: 8,
    label: "a NUL byte in a text field is a field error in the visitor's language",
    send: (ctx) => [() => postForm(ctx, "/sign-in", "intent=link&email=ana%00@example.org", { "Accept-Language": "es" })],
    status: 400,
    check: (a) => expect(a.body).toContain(html(es.errors.invalidCharacters)),
  },
  {
    finding: 8,
    label: "a multipart part with an empty name",
    send: (ctx) => {
      const { body, contentType } = multipart([
        { name: "", value: "x" },
        { name: "email", value: "a@example.org" },
      ]);
      return ["/sign-in", "/host", "/case/resend"].map((path) => () => sendRaw(ctx.url, path, { body, headers: sameOrigin(ctx, { "Content-Type": contentType }) }));
    },
    status: 400,
  },
  {
    finding: 8,
    label: "an invalid locale on a staff cash gift",
    send: (ctx) => [() => postForm(ctx, `/staff/campaigns/${ctx.campaignId}/donations`, "intent=offline&amount=20&method=cash&locale=xx%7C%7Bbad", { ...ctx.admin, "Accept-Language": "en" })],
    status: 400,
    check: (a) => expect(a.body).toContain(html(en.errors.choose)),
  },
  {
    finding: 8,
    label: "a POST whose Host or X-Forwarded-Host is not its Origin's host",
    send: (ctx) =>
      ["/sign-in", "/sign-in.data", `/staff/campaigns/${ctx.campaignId}/donations`].flatMap((path) => [
        () => postForm(ctx, path, "intent=link&email=a@example.org", { Host: "elsewhere.example" }),
        () => postForm(ctx, path, "intent=link&email=a@example.org", { ...ctx.admin, "X-Forwarded-Host": "elsewhere.example" }),
        () => postForm(ctx, path, "intent=link&email=a@example.org", { "X-Forwarded-Host": "elsewhere.example, proxy.example" }),
      ]),
    status: 403,
  },
];

let server: ChildServer;
let ctx: Context;

beforeAll(async () => {
  const password = "correct horse battery staple";
  let admin!: Awaited<ReturnType<typeof makeUser>>;
  let campaign!: Awaited<ReturnType<typeof makePublishedCampaign>>;
  server = await startChildServer({
    env: { TRUST_PROXY: "1" },
    async prepare(db) {
      admin = await makeUser(db, { role: "admin", password, totp: true });
      campaign = await makePublishedCampaign(db);
    },
  });
  const client = new Client(server.url);
  expect((await client.post("/sign-in", { intent: "password", email: admin.email, password })).status).toBe(303);
  const code = generateTOTP(decodeBase32IgnorePadding(admin.totpSecret!), 30, 6);
  expect((await client.post("/sign-in/two-factor", { code })).status).toBe(303);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  ctx = { url: server.url, slug: campaign.slug, campaignId: campaign.id, admin: { Cookie: cookie, "X-Forwarded-For": client.headers["X-Forwarded-For"]! }, adminEmail: admin.email, password };
  // Warm up (first renders compile and cache), so memory is measured against a settled process.
  for (const path of ["/", "/sign-in", `/campaigns/${campaign.slug}`, "/staff/fee-schedules"]) await sendRaw(server.url, path, { method: "GET", headers: ctx.admin });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("hostile input against the running server", () => {
  for (const row of rows) {
    it(`finding ${row.finding}: ${row.label}`, async () => {
      const rssBefore = server.rss();
      const health = watchHealth(server.url);
      const requests = row.send(ctx);
      const answers: Answer[] = [];
      if (row.together) answers.push(...(await Promise.all(requests.map((send) => send()))));
      else for (const send of requests) answers.push(await send());
      const { slowestMs, failures } = await health.stop();
      const expected = Array.isArray(row.status) ? row.status : [row.status];
      for (const answer of answers) {
        expect(expected, answer.body.slice(0, 300)).toContain(answer.status);
        expect(answer.ms).toBeLessThan(1000);
        row.check?.(answer);
      }
      expect(failures).toBe(0);
      expect(slowestMs).toBeLessThan(1000);
      expect(server.rss() - rssBefore).toBeLessThan(50 * MB);
    });
  }

  it("still serves people afterwards", async () => {
    const answer = await postForm(ctx, "/sign-in", "intent=link&email=someone%40example.org");
    expect(answer.status).toBe(303);
  });
});
