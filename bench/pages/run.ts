/**
 * `npm run bench -- pages`: Fondo's public pages against a bare Remix page of the same size (issue 19).
 * The bare page (bench/pages/bare) is built here with Vite and the same Remix plugin, version and
 * future flags as the app, and padded so its HTML is as large as Fondo's campaign page, measured
 * first. Both run as production servers in processes of their own (Fondo: the built server on
 * PostgreSQL with the demo data, worker off); autocannon runs in a third (bench/pages/load.ts).
 * Each URL is loaded for BENCH_SECONDS (10) at BENCH_CONNECTIONS (32), one after another with the
 * bare page first, over two rounds (the second in reverse order, so drift on a shared machine
 * falls on both sides); each figure is from the round with more req/s.
 * Also GET /api/campaigns/:slug against /healthz, and Fondo's resident memory after the run.
 */
import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { loadEnv, setEnv } from "../../app/modules/config/env.server";
import type { Database } from "../../app/modules/db/connect.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { appProcessCommand, run, start, stop } from "../webhooks/run";

const bareRoot = path.join(import.meta.dirname, "bare");
const CAMPAIGN = "daca-renewals-2026";
const FUNDRAISER = "cafe-la-esquina-cafecito";

type Load = { rps: number; p99: number; mean: number; requests: number; errors: number; non2xx: number; bytesPerSecond: number };

/** The bare app, built as `remix vite:build` builds the app: the client first, then the server. */
async function buildBarePage() {
  const { build } = await import("vite");
  const nodeEnv = process.env.NODE_ENV;
  try {
    for (const ssr of [false, true]) await build({ configFile: path.join(bareRoot, "vite.config.ts"), logLevel: "warn", build: { ssr } });
  } finally {
    // Vite sets NODE_ENV for its build; the benchmarks after this one set their own.
    if (nodeEnv === undefined) Reflect.deleteProperty(process.env, "NODE_ENV");
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** One GET as autocannon sends it (no Accept-Encoding, so no compression): status and body bytes. */
function get(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on("error", reject);
  });
}

async function ok(url: string): Promise<number> {
  const { status, bytes } = await get(url);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
  return bytes;
}

/** `?n=` paragraphs and `?r=` letters that make the bare page's HTML `target` bytes (within a few). */
async function padTo(bareUrl: string, target: number): Promise<{ url: string; bytes: number }> {
  const at = (n: number, r: number) => `${bareUrl}/?n=${n}&r=${r}`;
  const empty = await ok(at(0, 0));
  const perParagraph = ((await ok(at(100, 0))) - empty) / 100;
  const n = Math.max(0, Math.floor((target - empty) / perParagraph) - 1);
  let r = 0;
  let bytes = await ok(at(n, r));
  // The counts appear in the page's data too, so a couple of corrections settle it.
  for (let i = 0; i < 4 && bytes !== target && r + target - bytes >= 0; i++) {
    r += target - bytes;
    bytes = await ok(at(n, r));
  }
  return { url: at(n, r), bytes };
}

/** Resident memory of a process (Linux /proc), in bytes. */
function residentBytes(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) * 1024 : NaN;
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(0)} MB`;
const met = (yes: boolean) => (yes ? "met" : "NOT met");

export async function benchPagesAcrossProcesses(scratch: { database: Database; url: string }) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
  const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
  const appEnv = {
    // Configured as a deployment is; the worker (and so email sending) is off, Stripe is never called by these pages.
    NODE_ENV: "production",
    APP_URL: "https://bench.fondo.test",
    RESEND_API_KEY: "re_bench_not_used",
    EMAIL_FROM: "Fondo <bench@fondo.test>",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: scratch.url,
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: `whsec_bench_${crypto.randomBytes(12).toString("hex")}`,
    STRIPE_API_BASE: "http://127.0.0.1:9",
    RUN_WORKER: "0",
    LOG_REQUESTS: "0",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    DATA_ENCRYPTION_KEYS: `1:${crypto.randomBytes(32).toString("base64")}`,
    BLIND_INDEX_KEY: crypto.randomBytes(32).toString("base64"),
  };
  // The demo data, written with the app server's keys (staff sign-ins keep encrypted two-step secrets).
  setEnv(loadEnv(appEnv));
  try {
    await seedDemo(scratch.database.db);
  } finally {
    setEnv(undefined);
  }
  const t0 = performance.now();
  await buildBarePage();
  const buildSeconds = (performance.now() - t0) / 1000;

  const { command, args } = appProcessCommand();
  const fondo = await start(command, args, appEnv, /listening on (http:\/\/\S+?) /);
  let bare: Awaited<ReturnType<typeof start>> | undefined;
  try {
    bare = await start(process.execPath, [path.join(bareRoot, "server.ts")], { NODE_ENV: "production" }, /\{"url":"([^"]+)"\}/);
    const fondoUrl = fondo.match[1]!.replace("localhost", "127.0.0.1");
    const campaignUrl = `${fondoUrl}/campaigns/${CAMPAIGN}`;
    const fundraiserUrl = `${fondoUrl}/f/${FUNDRAISER}`;
    const campaignBytes = await ok(campaignUrl);
    const fundraiserBytes = await ok(fundraiserUrl);
    const padded = await padTo(bare.match[1]!, campaignBytes);
    await ok(`${fondoUrl}/healthz`);
    await ok(`${fondoUrl}/api/campaigns/${CAMPAIGN}`);

    const targets = [
      { key: "bare", url: padded.url },
      { key: "campaign", url: campaignUrl },
      { key: "fundraiser", url: fundraiserUrl },
      { key: "healthz", url: `${fondoUrl}/healthz` },
      { key: "api", url: `${fondoUrl}/api/campaigns/${CAMPAIGN}` },
    ];
    const load = async (url: string, time: number) =>
      JSON.parse(await run(process.execPath, [path.join(import.meta.dirname, "load.ts"), url, String(time), String(connections)])) as Load;
    for (const t of targets) await load(t.url, warmup);
    const residentBefore = residentBytes(fondo.child.pid!);
    const best = new Map<string, Load>();
    for (const round of [targets, [...targets].reverse()]) {
      for (const t of round) {
        const result = await load(t.url, seconds);
        const previous = best.get(t.key);
        if (!previous || result.rps > previous.rps) best.set(t.key, result);
      }
    }
    const residentAfter = residentBytes(fondo.child.pid!);
    const bareResident = residentBytes(bare.child.pid!);

    const figure = (l: Load) =>
      `${l.rps.toFixed(0)} req/s, p99 ${l.p99} ms, mean ${l.mean.toFixed(1)} ms${l.errors + l.non2xx ? ` (${l.errors} errors, ${l.non2xx} non-2xx)` : ""}`;
    const base = best.get("bare")!;
    const againstBare = (key: string) => {
      const l = best.get(key)!;
      const rps = l.rps / base.rps;
      const p99 = l.p99 / base.p99;
      return `${figure(l)}\n${" ".repeat(22)}${rps.toFixed(2)}× the bare req/s (target ≥ 1.0: ${met(rps >= 1)}), p99 ${p99.toFixed(2)}× the bare p99 (target ≤ 1.5: ${met(p99 <= 1.5)})`;
    };
    const api = best.get("api")!;
    const health = best.get("healthz")!;
    console.log(`\nPages against a bare Remix page: Fondo's built server (production, PostgreSQL, demo data, worker off), the bare page and autocannon in processes of their own`);
    console.log(`  ${connections} connections, ${seconds} s per load after a ${warmup} s warm-up, bare page first then in reverse, best of 2 rounds by req/s; ${os.cpus().length} CPUs shared by all of them; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`  HTML (no compression): campaign page ${campaignBytes.toLocaleString("en-US")} bytes, fundraiser page ${fundraiserBytes.toLocaleString("en-US")}, bare page ${padded.bytes.toLocaleString("en-US")} (built in ${buildSeconds.toFixed(1)} s)`);
    console.log(`  bare Remix page:    ${figure(base)}`);
    console.log(`  campaign page:      ${againstBare("campaign")}`);
    console.log(`  fundraiser page:    ${againstBare("fundraiser")}`);
    console.log(`  /healthz:           ${figure(health)}`);
    console.log(`  /api/campaigns/:slug: ${figure(api)}`);
    console.log(`${" ".repeat(22)}${(api.rps / health.rps).toFixed(2)}× the /healthz req/s (target ≥ 0.5: ${met(api.rps / health.rps >= 0.5)})`);
    console.log(
      `  Fondo resident memory: ${mb(residentAfter)} after the run (target ≤ 250 MB: ${met(residentAfter <= 250_000_000)}); ${mb(residentBefore)} after the warm-up; the bare server: ${mb(bareResident)}`,
    );
  } finally {
    if (bare) await stop(bare.child);
    await stop(fondo.child);
  }
}
