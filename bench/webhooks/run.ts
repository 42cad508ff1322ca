/**
 * `npm run bench -- webhooks`: signed checkout.session.completed deliveries sustained for a fixed
 * time at 64 connections, first all for one campaign ("hot"), then spread over 64 campaigns. The
 * app runs as the built production server (one or several processes on one PostgreSQL database,
 * as a deployment would); the fake Stripe and the load generator run in processes of their own. An event counts once its gift is
 * in the ledger and its receipt queued (the app answers 200 only after that commit); counts are
 * checked exactly-once in the database afterwards, and one event in 20 is delivered twice.
 *
 * One app process by default: on two cores its single batch writer commits about 30 gifts per
 * transaction; two or four processes split the same deliveries into batches of 15 or 8, which
 * cost PostgreSQL more per gift (ADR 0017 has the figures). Several processes stay correct.
 * BENCH_SECONDS (30), BENCH_CONNECTIONS (64), BENCH_APP_PROCESSES (1), BENCH_EVENTS_PER_PHASE
 * (60,000 prepared), BENCH_CPU_PROF=<dir>: app processes write V8 CPU profiles there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Database } from "../../app/modules/db/connect.server";
import { rowsOf } from "../../app/modules/db/rows";
import { verifyLedger } from "../../app/modules/ledger/totals.server";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The command that starts one app process. The one place to change when the server is started
 * differently (e.g. a built JS entry run with plain `node`).
 */
export function appProcessCommand(nodeArgs: string[] = []): { command: string; args: string[] } {
  // The production bundle (`npm run build`), run as a deployment runs it.
  return { command: process.execPath, args: [...nodeArgs, path.join(root, "build/server/server.js")] };
}

/** A child process whose first stdout line matching `pattern` is awaited. */
export function start(command: string, args: string[], env: Record<string, string>, pattern: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) resolve({ child, match });
    });
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${path.basename(args.at(-1) ?? command)} exited (${code}): ${err.slice(-2000)}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`load generator exited (${code})`))));
  });
}

type Phase = { answered: number; redelivered: number; errors: number; elapsedMs: number; ranOut: boolean; cpuMs: number };
type Cpu = { app: number; postgres: number };

const ticksPerMs = 100 / 1000; // USER_HZ: /proc counts CPU time in 1/100 s.

/** CPU milliseconds a process has used so far (Linux /proc), 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  } catch {
    return 0;
  }
}

/**
 * Where the CPU goes: the app processes, and PostgreSQL's processes serving this database plus
 * its background writers (other databases' backends on a shared machine are left out).
 */
async function cpuNow(db: Database["db"], apps: ChildProcess[]): Promise<Cpu> {
  const pids = rowsOf<{ pid: number }>(
    await db.execute(sql`select pid from pg_stat_activity where datname = current_database() or backend_type <> 'client backend'`),
  ).map((r) => Number(r.pid));
  return { app: apps.reduce((sum, a) => sum + cpuMsOf(a.pid!), 0), postgres: pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) };
}

/** The heaviest functions of CPU profiles, by self time. */
export function profileSummary(dir: string, top = 15): string[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
    };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const where = node.callFrame.url.replace(/^file:\/\//, "").replace(`${root}/`, "");
      const name = `${node.callFrame.functionName || "(anonymous)"} ${where}:${node.callFrame.lineNumber + 1}`;
      self.set(name, (self.get(name) ?? 0) + hits);
    }
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => `${((hits / Math.max(total, 1)) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

export async function benchWebhooksAcrossProcesses(scratch: { database: Database; url: string }, makeCampaign: (slug: string) => Promise<{ id: string }>) {
  const db = scratch.database.db;
  const seconds = Number(process.env.BENCH_SECONDS ?? 30);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
  const processes = Number(process.env.BENCH_APP_PROCESSES ?? 1);
  const perPhase = Number(process.env.BENCH_EVENTS_PER_PHASE ?? 60_000);
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
  const secret = `whsec_bench_${crypto.randomBytes(12).toString("hex")}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "fondo-bench-"));

  const hot = await makeCampaign("bench-hot");
  const spread: { id: string }[] = [];
  for (let i = 0; i < 64; i++) spread.push(await makeCampaign(`bench-spread-${i}`));
  // Pending donations as Checkout leaves them, written in bulk (the load is the webhook, not checkout).
  const prepare = async (campaignIds: string[], name: string) => {
    const rows = rowsOf<{ id: string; amount_cents: number; campaign_id: string }>(
      await db.execute(sql`
        insert into donations (campaign_id, amount_cents, donor_email, anonymous, locale)
        select (${JSON.stringify(campaignIds)}::json ->> (g % ${campaignIds.length}))::uuid, 2500 + (g % 50) * 100, 'bench' || g || '@example.org', true, 'en'
        from generate_series(0, ${perPhase - 1}) g
        returning id, amount_cents, campaign_id`),
    );
    const file = path.join(tmp, `${name}.json`);
    writeFileSync(file, JSON.stringify(rows.map((r) => ({ donationId: r.id, amountCents: Number(r.amount_cents), campaignId: r.campaign_id }))));
    return file;
  };
  const hotFile = await prepare([hot.id], "hot");
  const spreadFile = await prepare(
    spread.map((c) => c.id),
    "spread",
  );

  const fake = await start(process.execPath, ["--import", "tsx", path.join(root, "bench/webhooks/fake-stripe.ts")], { BENCH_WEBHOOK_SECRET: secret }, /\{"url":"([^"]+)"\}/);
  const apps: ChildProcess[] = [];
  const urls: string[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      const { command, args } = appProcessCommand(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
      const app = await start(
        command,
        args,
        {
          // Configured as a deployment is; the worker (and so email sending) is off.
          NODE_ENV: "production",
          APP_URL: "https://bench.fondo.test",
          RESEND_API_KEY: "re_bench_not_used",
          EMAIL_FROM: "Fondo <bench@fondo.test>",
          HOST: "127.0.0.1",
          PORT: "0",
          DATABASE_URL: scratch.url,
          STRIPE_SECRET_KEY: "sk_test_bench",
          STRIPE_WEBHOOK_SECRET: secret,
          STRIPE_API_BASE: fake.match[1]!,
          RUN_WORKER: "0",
          LOG_REQUESTS: "0",
          PGLITE_DATA_DIR: path.join(tmp, "pglite"),
          SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
          DATA_ENCRYPTION_KEYS: `1:${crypto.randomBytes(32).toString("base64")}`,
          BLIND_INDEX_KEY: crypto.randomBytes(32).toString("base64"),
        },
        /listening on (http:\/\/\S+?) /,
      );
      apps.push(app.child);
      urls.push(app.match[1]!.replace("localhost", "127.0.0.1"));
    }
    const deadlocks = async () =>
      Number(rowsOf<{ n: number | string }>(await db.execute(sql`select deadlocks as n from pg_stat_database where datname = current_database()`))[0]!.n);
    const deadlocksBefore = await deadlocks();
    const load = async (file: string) => {
      const before = await cpuNow(db, apps);
      const phase = JSON.parse(await run(process.execPath, ["--import", "tsx", path.join(root, "bench/webhooks/load.ts"), file, urls.join(","), secret, String(seconds), String(connections)])) as Phase;
      const after = await cpuNow(db, apps);
      return { ...phase, cpu: { app: after.app - before.app, postgres: after.postgres - before.postgres } };
    };
    const hotRun = await load(hotFile);
    const spreadRun = await load(spreadFile);
    const deadlocksDuring = (await deadlocks()) - deadlocksBefore;

    const [counts] = rowsOf<Record<string, number | string>>(
      await db.execute(sql`
        select (select count(*) from ledger_transactions where kind = 'donation' and campaign_id = ${hot.id})::int as hot_gifts,
               (select count(*) from ledger_transactions where kind = 'donation' and campaign_id <> ${hot.id})::int as spread_gifts,
               (select count(*) from donations where status = 'succeeded')::int as succeeded,
               (select count(*) from outbox where template = 'donation-receipt')::int as receipts,
               (select count(*) from stripe_events where processed_at is not null)::int as events,
               -- A transaction's rows share its start time: distinct times are the batches committed.
               (select count(distinct created_at) from ledger_transactions where kind = 'donation' and campaign_id = ${hot.id})::int as hot_batches,
               (select count(distinct created_at) from ledger_transactions where kind = 'donation' and campaign_id <> ${hot.id})::int as spread_batches`),
    );
    const problems = await verifyLedger(db);
    const answered = hotRun.answered + spreadRun.answered;
    const exact =
      Number(counts!.hot_gifts) === hotRun.answered &&
      Number(counts!.spread_gifts) === spreadRun.answered &&
      Number(counts!.succeeded) === answered &&
      Number(counts!.receipts) === answered &&
      Number(counts!.events) === answered;
    const rate = (p: Phase) => (p.answered / p.elapsedMs) * 1000;
    console.log(`\nWebhook ingest on real PostgreSQL: ${processes} app process${processes === 1 ? "" : "es"}, fake Stripe and load generator in their own processes`);
    console.log(`  ${connections} connections, ${seconds} s per phase, one event in 20 delivered twice; ${os.cpus().length} CPUs shared by all of them`);
    console.log(`  one campaign:      ${rate(hotRun).toFixed(0)} events/s (${hotRun.answered} events, ${hotRun.redelivered} redeliveries, ${hotRun.errors} errors${hotRun.ranOut ? ", ran out of prepared events" : ""})`);
    console.log(`  64 campaigns:      ${rate(spreadRun).toFixed(0)} events/s (${spreadRun.answered} events, ${spreadRun.redelivered} redeliveries, ${spreadRun.errors} errors${spreadRun.ranOut ? ", ran out of prepared events" : ""})`);
    const perEvent = (p: Phase & { cpu: Cpu }) => {
      const n = p.answered + p.redelivered;
      const ms = (v: number) => (v / n).toFixed(2);
      return `app ${ms(p.cpu.app)} ms, PostgreSQL ${ms(p.cpu.postgres)} ms, load generator ${ms(p.cpuMs)} ms (${((p.cpu.app + p.cpu.postgres + p.cpuMs) / p.elapsedMs / os.cpus().length * 100).toFixed(0)}% of the CPUs)`;
    };
    console.log(`  CPU per delivery, one campaign: ${perEvent(hotRun)}; ${(hotRun.answered / Number(counts!.hot_batches)).toFixed(1)} gifts per transaction`);
    console.log(`  CPU per delivery, 64 campaigns: ${perEvent(spreadRun)}; ${(spreadRun.answered / Number(counts!.spread_batches)).toFixed(1)} gifts per transaction`);
    console.log(`  hot / spread:      ${(rate(hotRun) / rate(spreadRun)).toFixed(2)} (target ≥ 0.8)`);
    console.log(`  deadlocks:         ${deadlocksDuring}`);
    console.log(
      `  exactly once:      ${exact ? "yes" : "NO"} — gifts ${counts!.hot_gifts} + ${counts!.spread_gifts}, succeeded donations ${counts!.succeeded}, receipts ${counts!.receipts}, processed events ${counts!.events} for ${answered} events answered 200; ledger ${problems.length === 0 ? "verified" : problems.join("; ")}`,
    );
    console.log("  target ≥ 1,000 events/s spread over 64 campaigns.");
  } finally {
    await Promise.all(apps.map(stop));
    await stop(fake.child);
  }
  if (profileDir) {
    console.log(`  CPU profiles of the app processes in ${profileDir}; heaviest functions by self time:`);
    for (const line of profileSummary(profileDir)) console.log(`    ${line}`);
  }
}
