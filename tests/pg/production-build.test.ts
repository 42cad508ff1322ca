/**
 * Production as deployers run it: `npm run build` (global setup runs it, as CI does), then plain
 * `node` on the built JavaScript — the server and a CLI command — with NODE_ENV=production, real
 * PostgreSQL and freshly generated secrets. Stripe and Resend are the local fakes, reached over
 * HTTP the way the real services are, so nothing leaves the machine.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFeeSchedules } from "../../app/modules/seed/seed.server";
import { startFakeResend, type FakeResend } from "../../server/fakes/resend";
import { startFakeStripe, type FakeStripe } from "../../server/fakes/stripe/index";
import { publishedCampaign } from "../support/applicants";
import { builtFile, root } from "../support/built";
import { makeUser } from "../support/factories";
import { makeFundraiser, makeHost } from "../support/fundraisers";
import { sendRaw } from "../support/hostile";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { withDatabase } from "../support/global-setup";

let database: TestDatabase;
let stripe: FakeStripe;
let resend: FakeResend;
let child: ChildProcess | undefined;
let baseUrl: string;
let output = "";
let env: NodeJS.ProcessEnv;

const key = () => crypto.randomBytes(32).toString("base64");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ real: true });
  await seedFeeSchedules(database.db);
  const webhookSecret = `whsec_${crypto.randomBytes(24).toString("hex")}`;
  stripe = await startFakeStripe({ webhookSecret });
  resend = await startFakeResend();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // Only what a deployer sets: no test settings leak in from this process.
  env = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    DATABASE_URL: withDatabase(process.env.TEST_DATABASE_URL!, database.name),
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: "https://fondo.example.org",
    SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
    DATA_ENCRYPTION_KEYS: `1:${key()}`,
    BLIND_INDEX_KEY: key(),
    STRIPE_SECRET_KEY: `sk_live_${crypto.randomBytes(24).toString("hex")}`,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: stripe.url,
    RESEND_API_KEY: `re_${crypto.randomBytes(16).toString("hex")}`,
    RESEND_BASE_URL: resend.url,
    EMAIL_FROM: "Fondo <fondo@example.org>",
    LOG_REQUESTS: "1",
  };
  child = spawn(process.execPath, [builtFile("server")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 60_000;
  while (!output.includes("Fondo is listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the built server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await stripe?.stop();
  await resend?.stop();
  await database?.close();
});

describe("the built server on plain node, in production mode", () => {
  it("runs Node 26 and says it uses PostgreSQL with real payments", () => {
    expect(process.versions.node.split(".")[0]).toBe("26");
    expect(output).toMatch(/Fondo is listening on http:\/\/localhost:\d+ \(postgres\)\n/);
  });

  it("answers /healthz from the database", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, database: "postgres" });
  });

  it("serves a public page in the visitor's language with its hashed stylesheet and production headers", async () => {
    const response = await fetch(`${baseUrl}/`, { headers: { "Accept-Language": "es-MX,es;q=0.9" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toContain("max-age=63072000");
    expect(response.headers.get("content-security-policy")).toContain("'nonce-");
    const html = await response.text();
    expect(html).toMatch(/<html lang="es"/);
    const stylesheet = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    const css = await fetch(`${baseUrl}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toContain("immutable");
    const script = /<script type="module"[^>]*>[^<]*import[^"]*"(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /(\/assets\/entry\.client-[^"]+\.js)/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${baseUrl}${script}`)).status).toBe(200);
  });

  it("keeps Checkout's return URLs and page links on APP_URL whatever Host or X-Forwarded-Host say", async () => {
    const admin = await makeUser(database.db, { role: "admin" });
    const campaign = await publishedCampaign(database.db, admin.id);
    const form = { intent: "donate", amount: "other", otherAmount: "20", frequency: "one_time", email: "prod-host@example.org" };
    const answer = await sendRaw(baseUrl, `/campaigns/${campaign.slug}`, {
      headers: { Host: "evil.example", Origin: "http://evil.example", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    expect(answer.status).toBe(303);
    const session = stripe.getCheckoutSession(answer.location!.split("/").pop()!)!;
    expect(session.success_url).toMatch(/^https:\/\/fondo\.example\.org\/donate\/thanks\?session_id=/);
    expect(session.cancel_url).toBe(`https://fondo.example.org/campaigns/${campaign.slug}`);
    const fundraiser = await makeFundraiser(database.db, { campaignId: campaign.id, hostUserId: (await makeHost(database.db)).id });
    const page = await sendRaw(baseUrl, `/f/${fundraiser.slug}`, { method: "GET", headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`https://fondo.example.org/f/${fundraiser.slug}`);
    expect(page.body).not.toContain("evil.example");
  });

  it("answers an unknown page with a 404 page, not an error", async () => {
    const response = await fetch(`${baseUrl}/no-existe`, { headers: { "Accept-Language": "es" } });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/<html lang="es"/);
  });

  it("logged requests and nothing else went wrong", () => {
    expect(output).toMatch(/GET \/healthz 200/);
    expect(output).not.toMatch(/error|warn|deprecat/i);
  });
});

describe("the built CLI on plain node, in production mode", () => {
  const fondo = (...args: string[]) => spawnSync(process.execPath, [builtFile("cli"), ...args], { cwd: root, env, encoding: "utf8", timeout: 60_000 });

  it("verifies the ledger against the same database", () => {
    const result = fondo("ledger:verify");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Ledger verified");
  });

  it("refuses demo data in production", () => {
    const result = fondo("seed");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("refused in production");
  });
});
