import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeUser } from "../support/factories";
import { makePublishedCampaign } from "../support/fundraiser-fixture";
import { makeFundraiser } from "../support/fundraisers";
import { signedInClient, startTestServer, type Client, type TestServer } from "../support/server";

/**
 * Issue 12, finding 8: whatever is posted to whichever action, the answer is never a 5xx, and a
 * 4xx writes nothing (rate-limit counters and session touches aside). The actions are found by
 * reading app/routes, so a new action is fuzzed without anyone listing it here.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const routesDir = path.resolve(__dirname, "../../app/routes");

/** Route files exporting an action, as URL patterns (Remix flat routes). */
function actionRoutes(): string[] {
  return fs
    .readdirSync(routesDir)
    .filter((file) => /export\s+(async\s+)?(function|const)\s+action\b/.test(fs.readFileSync(path.join(routesDir, file), "utf8")))
    .map((file) => {
      const segments = file.replace(/\.(tsx?|jsx?)$/, "").split(/\.(?![^[]*\])/);
      const parts = segments
        .filter((s) => s !== "_index" && !s.startsWith("_"))
        .map((s) => s.replace(/_$/, "").replace(/\[(.)\]/g, "$1"));
      return `/${parts.join("/")}`;
    });
}

let server: TestServer;
let clients: { anonymous: Client; admin: Client; host: Client };
let urls: string[];

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  const admin = await signedInClient(server, "admin");
  const host = await signedInClient(server, "host");
  clients = { anonymous: new (admin.client.constructor as typeof Client)(server.url), admin: admin.client, host: host.client };
  const campaign = await makePublishedCampaign(db);
  const fundraiser = await makeFundraiser(db, { campaignId: campaign.id, hostUserId: host.user.id });
  const reviewer = await makeUser(db, { role: "reviewer" });
  const params: Record<string, (route: string) => string> = {
    $slug: (route) => (route.startsWith("/f/") ? String(fundraiser.slug) : campaign.slug),
    $id: (route) =>
      route.startsWith("/staff/campaigns")
        ? campaign.id
        : route.includes("fundraisers")
          ? fundraiser.id
          : route.startsWith("/staff/users")
            ? reviewer.id
            : crypto.randomUUID(),
    $token: () => crypto.randomBytes(20).toString("base64url"),
  };
  urls = actionRoutes().map((route) => route.replace(/\$\w+/g, (name) => params[name]?.(route) ?? "x"));
  expect(urls.length).toBeGreaterThanOrEqual(30);
  expect(urls).toContain("/sign-in");
  expect(urls).toContain(`/staff/campaigns/${campaign.id}/donations`);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

let checksumQuery: ReturnType<typeof sql.raw> | null = null;

/** Every table's rows, hashed in one query; counters a refused request may touch are left out. */
async function databaseChecksum(): Promise<string> {
  const db = server.database.db;
  const rowsOf = <T,>(result: unknown) => ((result as { rows?: T[] }).rows ?? (result as T[]));
  if (!checksumQuery) {
    const tables = rowsOf<{ table_name: string }>(
      await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
    )
      .map((r) => r.table_name)
      .filter((name) => !/rate_limit|session|__drizzle/.test(name));
    const parts = tables.map((name) => `(select '${name}:' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from "${name}" t)`);
    checksumQuery = sql.raw(`select concat_ws(',', ${parts.join(", ")}) as h`);
  }
  return rowsOf<{ h: string }>(await db.execute(checksumQuery))[0]!.h;
}

const knownNames = ["intent", "email", "password", "amount", "otherAmount", "locale", "method", "name", "note", "code", "token", "redirectTo", "reason", "components[0].amount", "lines[0].form", "__intent__", "__state__"];
const fieldName = fc.oneof(
  fc.constantFrom(...knownNames),
  fc.nat({ max: 2_000_000_000 }).map((n) => `x[${n}]`),
  fc.tuple(fc.constantFrom("components", "lines", "a"), fc.nat({ max: 10_000_000 }), fc.constantFrom("", ".amount", ".form", "[0]")).map(([a, n, rest]) => `${a}[${n}]${rest}`),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.constantFrom("", "__proto__", "constructor.prototype", "a..b", "a[", "]", "a[-1]", "a[1e9]", "n".repeat(300)),
);
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom("link", "password", "offline", "refund", "approve", "reject", "role", "disable", "publish", "close", "save", "submit", "en", "es", "xx|{bad", "cash", "on", "a@example.org", "20", "1,000.50", "2027-01-01") },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`) },
  { weight: 1, arbitrary: fc.constantFrom(JSON.stringify({ type: "insert", payload: { name: "components", index: 1e8 } }), "{not json", '{"type":"update","payload":{"name":"x","value":1}}') },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => "z".repeat(n)) },
);
const body = fc.record({
  url: fc.nat(),
  who: fc.constantFrom("anonymous", "admin", "host") as fc.Arbitrary<keyof typeof clients>,
  method: fc.constantFrom("POST", "POST", "POST", "POST", "PUT", "PATCH", "DELETE"),
  encoding: fc.constantFrom("urlencoded", "urlencoded", "multipart", "json", "text", "binary", "none", "data", "legacy-data"),
  fields: fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 12 }),
  repeat: fc.nat({ max: 3 }),
});

type Body = typeof body extends fc.Arbitrary<infer T> ? T : never;

function encode(b: Body): { body?: BodyInit; headers: Record<string, string> } {
  const fields = b.fields.flatMap((f) => Array.from({ length: 1 + (f[0] === "intent" ? 0 : b.repeat) }, () => f));
  if (b.encoding === "urlencoded" || b.encoding === "data" || b.encoding === "legacy-data") return { body: new URLSearchParams(fields).toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } };
  if (b.encoding === "multipart") {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    return { body: form, headers: {} };
  }
  if (b.encoding === "json") return { body: JSON.stringify(Object.fromEntries(fields)), headers: { "Content-Type": "application/json" } };
  if (b.encoding === "text") return { body: fields.map((f) => f.join("=")).join("\n"), headers: { "Content-Type": "text/plain" } };
  if (b.encoding === "binary") return { body: crypto.randomBytes(fields.length * 50 + 1), headers: { "Content-Type": "application/octet-stream" } };
  return { headers: {} };
}

it(`never answers ${RUNS} generated posts to every action with a 5xx, and a refusal writes nothing`, async () => {
  let refusals = 0;
  let before = await databaseChecksum();
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      const url = urls[b.url % urls.length]!;
      const client = clients[b.who];
      const { body: payload, headers } = encode(b);
      // Single fetch's data requests (`/path.data`), and the old `?_data=` a stranger may still send.
      const target = b.encoding === "data" ? `${url === "/" ? "/_root" : url}.data` : b.encoding === "legacy-data" ? `${url}?_data=routes${encodeURIComponent(url)}` : url;
      const response = await client.request(target, {
        method: b.method,
        body: payload,
        headers: { Origin: server.url, "Sec-Fetch-Site": "same-origin", ...headers },
      });
      await response.arrayBuffer();
      expect(response.status, `${b.method} ${target} (${b.encoding})`).toBeLessThan(500);
      const after = await databaseChecksum();
      if (response.status >= 400 && response.status !== 429) {
        refusals++;
        expect(after, `${b.method} ${target} (${b.encoding}) answered ${response.status} but wrote`).toBe(before);
      }
      before = after;
    }),
    { numRuns: RUNS },
  );
  expect(refusals).toBeGreaterThan(RUNS / 2);
}, 900_000);
