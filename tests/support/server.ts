import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { loadEnv, setEnv } from "../../app/modules/config/env.server";
import { configureStripe, resetStripe } from "../../app/modules/payments/stripe.server";
import type { RunningServer } from "../../server/start";
import { builtServer, root } from "./built";
import { createTestDatabase, type TestDatabase } from "./db";
import { makeUser } from "./factories";

export type TestServer = RunningServer & { database: TestDatabase };

/** The real HTTP server (built Remix app, security middleware) on a random port and a fresh database. */
export async function startTestServer(options: { stripe?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  // One trusted proxy hop, so each test client can stand for its own visitor address.
  const env = loadEnv({ ...process.env, PORT: "0", HOST: "127.0.0.1", TRUST_PROXY: "1", ...options.env });
  const built = await builtServer();
  const server = await built.startServer({ env, database, root });
  // The test's own modules talk to the same database, fake Stripe and settings as the server.
  shareServerState(server, built.getStripeConfig());
  return { ...server, database, stop: () => server.stop().finally(clearServerState) };
}

/** Points this process's copy of the app modules (used by the test code) at the running server's. */
export function shareServerState(server: RunningServer, stripe: ReturnType<Awaited<ReturnType<typeof builtServer>>["getStripeConfig"]>) {
  setEnv(server.env.port === 0 ? { ...server.env, appUrl: server.url } : server.env);
  configureStripe(stripe);
}

function clearServerState() {
  setEnv(undefined);
  resetStripe();
}

let visitors = 0;

/** A tiny browser: remembers cookies, sends same-origin headers on posts, never follows redirects. */
export class Client {
  cookies = new Map<string, string>();
  readonly headers: Record<string, string>;
  constructor(
    readonly base: string,
    headers: Record<string, string> = {},
  ) {
    // Each client is its own visitor (its own address for per-IP rate limits).
    const ip = `198.51.${Math.floor(++visitors / 250) % 250}.${(visitors % 250) + 1}`;
    this.headers = { "X-Forwarded-For": ip, ...headers };
  }

  async request(pathname: string, init: RequestInit & { form?: Record<string, string> | FormData } = {}) {
    const headers = new Headers({ ...this.headers, ...(init.headers as Record<string, string>) });
    if (this.cookies.size) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.form) {
      body = init.form instanceof FormData ? init.form : new URLSearchParams(init.form);
      if (!headers.has("Origin")) headers.set("Origin", this.base);
      if (!headers.has("Sec-Fetch-Site")) headers.set("Sec-Fetch-Site", "same-origin");
    }
    const response = await fetch(new URL(pathname, this.base), {
      ...init,
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      if (/max-age=0/i.test(cookie) || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join("="));
    }
    return response;
  }

  get(pathname: string, init: RequestInit = {}) {
    return this.request(pathname, init);
  }

  post(pathname: string, form: Record<string, string> | FormData, init: RequestInit = {}) {
    return this.request(pathname, { ...init, form });
  }
}

/** Signs in through the real forms (password, then the TOTP step that staff must pass). */
export async function signedInClient(server: TestServer, role: "admin" | "reviewer" | "host", headers: Record<string, string> = {}) {
  const password = "correct horse battery staple";
  const user = await makeUser(server.database.db, { role, password, totp: role !== "host" });
  const client = new Client(server.url, headers);
  const signIn = await client.post("/sign-in", { intent: "password", email: user.email, password });
  if (signIn.status !== 303) throw new Error(`sign-in failed with ${signIn.status}`);
  if (user.totpSecret) {
    const code = generateTOTP(decodeBase32IgnorePadding(user.totpSecret), 30, 6);
    const step = await client.post("/sign-in/two-factor", { code });
    if (step.status !== 303) throw new Error(`two-factor step failed with ${step.status}`);
  }
  return { client, user };
}
