import path from "node:path";
import { performance } from "node:perf_hooks";
import { donations } from "../db/schema";
import { loadEnv } from "../app/modules/config/env.server";
import type { Database } from "../app/modules/db/connect.server";
import { createFeeRequest } from "../app/modules/applications/fee-requests.server";
import { sealIdentity } from "../app/modules/applicants/identity.server";
import { createCampaign } from "../app/modules/campaigns/campaigns.server";
import { createAdmin } from "../app/modules/auth/users.server";
import { pathToFileURL } from "node:url";

const TRIES = Number(process.env.BENCH_TIMING_TRIES ?? 50);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * "Email me a link" forms (sign-in link, /case/resend, /donor/manage) answered for an address the
 * database knows and for one it does not: the same answer and, the target, the same cost (median
 * difference < 1 ms over 50 tries each). Known and unknown requests alternate in a random order,
 * each from its own visitor address, with the worker running as in production.
 */
export async function benchTiming(scratch: { database: Database; url: string }) {
  const db = scratch.database.db;
  const env = loadEnv({ ...process.env, NODE_ENV: "development", DATABASE_URL: scratch.url, PORT: "0", HOST: "127.0.0.1", LOG_REQUESTS: "0", STRIPE_SECRET_KEY: "", TRUST_PROXY: "1" });
  // The production bundle (`npm run build`), as in bench/index.ts: the source imports a virtual module only Vite resolves.
  const { startServer } = (await import(pathToFileURL(path.resolve(import.meta.dirname, "../build/server/start.js")).href)) as typeof import("../server/start");
  const server = await startServer({ env, database: scratch.database, root: path.resolve(import.meta.dirname, "..") });
  try {
    const staff = await createAdmin(db, { email: "known.staff@example.org" });
    const campaign = await createCampaign(db, {
      actorUserId: staff.id,
      input: { titleEn: "t", titleEs: "t", slug: "timing", summaryEn: undefined, summaryEs: undefined, storyEn: "s", storyEs: "s", goalFees: 10, feeSource: "fixed", fixedFee: 49_500, startsOn: undefined, endsOn: undefined },
    });
    const request = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: "2027-06-01", state: "TX", language: "es" });
    await sealIdentity(db, { feeRequestId: request.id, name: "Known Applicant", email: "known.applicant@example.org", note: null });
    await db.insert(donations).values({
      campaignId: campaign.id,
      amountCents: 2_500,
      frequency: "monthly",
      status: "succeeded",
      donorEmail: "known.donor@example.org",
      stripeCustomerId: "cus_timing",
    } as typeof donations.$inferInsert);

    const forms: { name: string; path: string; known: string; fields: Record<string, string> }[] = [
      { name: "sign-in link (/sign-in)", path: "/sign-in", known: "known.staff@example.org", fields: { intent: "link" } },
      { name: "case link (/case/resend)", path: "/case/resend", known: "known.applicant@example.org", fields: {} },
      { name: "monthly gift link (/donor/manage)", path: "/donor/manage", known: "known.donor@example.org", fields: {} },
    ];
    let visitor = 0;
    const post = async (pathname: string, form: Record<string, string>) => {
      visitor += 1;
      const t0 = performance.now();
      const response = await fetch(`${server.url}${pathname}`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams(form),
        headers: { Origin: server.url, "Sec-Fetch-Site": "same-origin", "X-Forwarded-For": `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}` },
      });
      await response.arrayBuffer();
      const ms = performance.now() - t0;
      if (response.status !== 303) throw new Error(`${pathname} answered ${response.status}`);
      return { ms, location: response.headers.get("location") };
    };

    console.log(`\nSame cost for known and unknown addresses (${TRIES} tries each, alternating at random, worker running)`);
    for (const form of forms) {
      for (let i = 0; i < 10; i++) await post(form.path, { ...form.fields, email: `warmup${i}@example.org` });
      const known: number[] = [];
      const unknown: number[] = [];
      const locations = new Set<string | null>();
      const order = Array.from({ length: TRIES * 2 }, (_, i) => i % 2 === 0).sort(() => Math.random() - 0.5);
      let n = 0;
      for (const isKnown of order) {
        const { ms, location } = await post(form.path, { ...form.fields, email: isKnown ? form.known : `nobody${++n}.${Date.now()}@example.org` });
        (isKnown ? known : unknown).push(ms);
        locations.add(location);
      }
      const diff = median(known) - median(unknown);
      console.log(
        `  ${form.name.padEnd(34)} known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms, ` +
          `difference ${diff >= 0 ? "+" : ""}${diff.toFixed(2)} ms (target |difference| < 1 ms); same answer: ${locations.size === 1 ? "yes" : "NO"}`,
      );
    }
  } finally {
    await server.stop();
  }
}
