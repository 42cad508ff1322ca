/**
 * `npm run bench`: figures and ratios, never pass/fail. Each figure is printed next to a baseline
 * measured in the same run, because machines here are shared and noisy.
 * Needs a real PostgreSQL: BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL (a server URL;
 * a scratch database is created and dropped). Run `npm run build` first for the HTTP figures.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { loadEnv } from "../app/modules/config/env.server";
import { connectPostgres, type Database } from "../app/modules/db/connect.server";
import { setDatabase } from "../app/modules/db/index.server";
import { createCampaign } from "../app/modules/campaigns/campaigns.server";
import { changeCampaignStatus } from "../app/modules/campaigns/campaigns.server";
import { fundQueue } from "../app/modules/funding/funding.server";
import { recordDonation } from "../app/modules/ledger/gifts.server";
import { verifyLedger } from "../app/modules/ledger/totals.server";
import { benchTiming } from "./timing";
import { benchWebhooksAcrossProcesses } from "./webhooks/run";
import { benchPagesAcrossProcesses } from "./pages/run";
import { pathToFileURL } from "node:url";

/** The production bundle `npm run build` made (the server and the app as one module graph). */
const root = path.resolve(import.meta.dirname, "..");
const { startServer } = (await import(pathToFileURL(path.join(root, "build/server/start.js")).href)) as typeof import("../server/start");

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const only = process.argv.slice(2);
const wants = (name: string) => only.length === 0 || only.includes(name);

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function scratchDatabase(): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const name = `fondo_bench_${process.pid}_${Date.now()}`;
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl!, name);
  const database = connectPostgres(url, { max: 20 });
  await database.migrate();
  setDatabase(database);
  return {
    database,
    url,
    async drop() {
      await database.close();
      const again = postgres(serverUrl!, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function campaign(db: Database["db"], slug: string) {
  const c = await createCampaign(db, {
    actorUserId: "00000000-0000-4000-8000-000000000000",
    input: {
      titleEn: slug,
      titleEs: slug,
      slug,
      summaryEn: undefined,
      summaryEs: undefined,
      storyEn: "Bench",
      storyEs: "Bench",
      goalFees: 100_000,
      feeSource: "fixed",
      fixedFee: 49_500,
      startsOn: undefined,
      endsOn: undefined,
    },
  });
  await changeCampaignStatus(db, { id: c.id, intent: "publish", actorUserId: "00000000-0000-4000-8000-000000000000" });
  return c;
}

/** Automatic allocation of 100,000 approved requests (target ≤ 5 s). */
async function benchAllocation() {
  const scratch = await scratchDatabase();
  try {
    const db = scratch.database.db;
    const c = await campaign(db, "bench-allocation");
    const n = Number(process.env.BENCH_REQUESTS ?? 100_000);
    // Baseline: writing the same number of request rows in one statement.
    const t0 = performance.now();
    await db.execute(sql`
      insert into fee_requests (campaign_id, reference, status, filing_method, daca_expires_on, state, language, fee_cents, approved_at)
      select ${c.id}::uuid, 'B-' || g, 'approved', 'online', date '2026-12-01' + (g % 400), 'CA', 'es', 49500, now() - (g || ' seconds')::interval
      from generate_series(1, ${n}) g`);
    const baseline = performance.now() - t0;
    await db.execute(sql`update campaign_totals set requests_waiting = ${n} where campaign_id = ${c.id}`);
    await recordDonation(db, { campaignId: c.id, idempotencyKey: "bench-pool", giftCents: 49_500 * n });
    const t1 = performance.now();
    const result = await fundQueue(db, { campaignId: c.id });
    const allocation = performance.now() - t1;
    const problems = await verifyLedger(db);
    console.log(`\nAutomatic allocation of ${n.toLocaleString("en-US")} approved requests (real PostgreSQL)`);
    console.log(`  funded ${result.funded.toLocaleString("en-US")} requests, ${(result.allocatedCents / 100).toLocaleString("en-US")} USD`);
    console.log(`  allocation:  ${seconds(allocation)}   (target ≤ 5 s; ${result.funded.toLocaleString("en-US")} balanced transactions, ${(2 * result.funded).toLocaleString("en-US")} entries)`);
    console.log(`  baseline:    ${seconds(baseline)}   (inserting the ${n.toLocaleString("en-US")} request rows in one statement)`);
    console.log(`  ratio:       ${(allocation / baseline).toFixed(2)}× the baseline`);
    console.log(`  ledger:      ${problems.length === 0 ? "verified (balanced, cached balances and totals match)" : problems.join("; ")}`);
    console.log("  note:        these requests have no applicant identity, so no emails are queued (one set-based query finds who to notify)");
  } finally {
    await scratch.drop();
  }
}

/** GET /api/campaigns/:slug with 1,000 vs 1,000,000 ledger entries (target ratio ≤ 1.2). */
async function benchApiLatency() {
  const scratch = await scratchDatabase();
  try {
    const db = scratch.database.db;
    const small = await campaign(db, "bench-small");
    const large = await campaign(db, "bench-large");
    const fill = async (campaignId: string, entries: number) => {
      // Gifts written straight into the ledger in bulk: one balanced pair per transaction.
      const pairs = entries / 2;
      await db.execute(sql`
        with accounts as (
          select (select id from ledger_accounts where key = 'stripe_clearing:' || ${campaignId}) as clearing,
                 (select id from ledger_accounts where key = 'campaign_pool:' || ${campaignId}) as pool
        ),
        txs as (
          insert into ledger_transactions (kind, idempotency_key, campaign_id)
          select 'donation', 'bench:' || ${campaignId} || ':' || g, ${campaignId}::uuid from generate_series(1, ${pairs}) g
          returning id
        )
        insert into ledger_entries (transaction_id, account_id, amount_cents, line)
        select t.id, a.clearing, -1000, 'gift' from txs t, accounts a
        union all
        select t.id, a.pool, 1000, 'gift' from txs t, accounts a`);
      await db.execute(sql`update ledger_accounts set balance_cents = balance_cents + ${pairs * 1000} where key = ${`campaign_pool:${campaignId}`}`);
      await db.execute(sql`update ledger_accounts set balance_cents = balance_cents - ${pairs * 1000} where key = ${`stripe_clearing:${campaignId}`}`);
      await db.execute(sql`
        update campaign_totals set raised_cents = raised_cents + ${pairs * 1000}, pool_available_cents = pool_available_cents + ${pairs * 1000},
          donations_count = donations_count + ${pairs} where campaign_id = ${campaignId}`);
    };
    await fill(small.id, 1_000);
    const t = performance.now();
    await fill(large.id, Number(process.env.BENCH_ENTRIES ?? 1_000_000));
    console.log(`\nGET /api/campaigns/:slug latency, 1,000 vs ${Number(process.env.BENCH_ENTRIES ?? 1_000_000).toLocaleString("en-US")} ledger entries`);
    console.log(`  (filled the large campaign in ${seconds(performance.now() - t)})`);
    await db.execute(sql`analyze`);
    const env = loadEnv({ ...process.env, NODE_ENV: "development", DATABASE_URL: scratch.url, PORT: "0", HOST: "127.0.0.1", LOG_REQUESTS: "0" });
    const server = await startServer({ env, database: scratch.database, root });
    try {
      const measure = async (slug: string) => {
        const result = await autocannon({ url: `${server.url}/api/campaigns/${slug}`, connections: 8, duration: 8 });
        return { mean: result.latency.mean, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
      };
      await measure("bench-small"); // warm-up
      const a = await measure("bench-small");
      const b = await measure("bench-large");
      console.log(`  1,000 entries:     mean ${a.mean.toFixed(2)} ms, p99 ${a.p99} ms, ${a.rps.toFixed(0)} req/s, ${a.errors} errors`);
      console.log(`  large campaign:    mean ${b.mean.toFixed(2)} ms, p99 ${b.p99} ms, ${b.rps.toFixed(0)} req/s, ${b.errors} errors`);
      console.log(`  ratio large/small: ${(b.mean / a.mean).toFixed(2)} (target ≤ 1.2; totals are read from cached rows, not summed)`);
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop().catch(() => {});
  }
}

/** Webhook ingest across processes (bench/webhooks/run.ts). */
async function benchWebhooks() {
  const scratch = await scratchDatabase();
  try {
    await benchWebhooksAcrossProcesses(scratch, (slug) => campaign(scratch.database.db, slug));
  } finally {
    await scratch.drop().catch(() => {});
  }
}

if (!serverUrl) {
  console.log("Benchmarks need a real PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL), e.g.");
  console.log("  BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench");
  process.exit(2);
}
console.log(`Fondo benchmarks on ${new URL(serverUrl).host} (${new Date().toISOString()})`);
if (wants("allocation")) await benchAllocation();
if (wants("api")) await benchApiLatency();
if (wants("webhooks")) await benchWebhooks();
if (wants("pages")) {
  const scratch = await scratchDatabase();
  try {
    await benchPagesAcrossProcesses(scratch);
  } finally {
    await scratch.drop().catch(() => {});
  }
}
if (wants("timing")) {
  const scratch = await scratchDatabase();
  try {
    await benchTiming(scratch);
  } finally {
    await scratch.drop().catch(() => {});
  }
}
process.exit(0);
