import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "fondo-cli-"));
const dataDir = path.join(dataRoot, "pglite");

function fondo(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "build/server/cli.js"), ...args], {
    cwd: root,
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe("the operators' CLI", () => {
  it("explains bad commands and arguments with a non-zero exit", () => {
    const unknown = fondo("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    const badEmail = fondo("admin:create", "not-an-email");
    expect(badEmail.code).toBe(2);
    expect(badEmail.err).toContain("one valid email address");
    const noCampaign = fondo("allocate");
    expect(noCampaign.code).toBe(2);
    for (const year of [[], ["--year", "25"], ["--year", "3000"]]) {
      const statements = fondo("statements", ...year);
      expect(statements.code).toBe(2);
      expect(statements.err).toContain("statements needs --year YYYY");
    }
  }, 180_000);

  it("seeds, creates the first admin once, allocates and verifies the ledger", () => {
    const seeded = fondo("seed");
    expect(seeded.code, seeded.err).toBe(0);
    const again = fondo("seed");
    expect(again.out).toContain("0 campaigns, 0 demo accounts");
    expect(fondo("admin:create", "First.Admin@Example.org").code).toBe(0);
    const twice = fondo("admin:create", "first.admin@example.org");
    expect(twice.code).toBe(2);
    expect(twice.err).toContain("already exists");
    const allocate = fondo("allocate", "--campaign", "daca-renewals-2026");
    expect(allocate.code).toBe(0);
    expect(allocate.out).toMatch(/Funded \d+ fee\(s\)/);
    expect(fondo("allocate", "--campaign", "nope").code).toBe(2);
    const verify = fondo("ledger:verify");
    expect(verify.code).toBe(0);
    expect(verify.out).toContain("Ledger verified");
    // The demo's gifts are this year's: one statement per demo donor, shown with progress, queued once.
    const year = String(new Date().getUTCFullYear());
    const statements = fondo("statements", "--year", year);
    expect(statements.code, statements.err).toBe(0);
    const [, donors, queued] = /(\d+) donors, (\d+) queued now/.exec(statements.out) ?? [];
    expect(Number(donors)).toBeGreaterThan(0);
    expect(queued).toBe(donors);
    expect(statements.out).toContain(`${donors}/${donors} donors (100%)`);
    expect(fondo("statements", "--year", year).out).toContain(`${donors} donors, 0 queued now, ${donors} already queued before.`);
  }, 240_000);

  it("runs the background worker until it is told to stop", async () => {
    // The built CLI on plain Node, as production runs it.
    const child = spawn(process.execPath, [path.join(root, "build/server/cli.js"), "worker"], {
      cwd: root,
      env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "development" },
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start: ${out}`)), 60_000);
      child.stdout.on("data", () => out.includes("Worker running") && (clearTimeout(timer), resolve()));
    });
    for (const job of ["send-emails", "reconcile-stripe", "expire-sessions"]) expect(out).toContain(job);
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.once("exit", (c, signal) => resolve(c ?? signal)));
    expect(code, out).toBe(0);
    expect(out).toContain("Worker stopped.");
  }, 90_000);

  it("refuses to open the embedded database while a running server holds it", () => {
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.pid, owner: "server" }));
    try {
      const result = fondo("migrate");
      expect(result.code).toBe(1);
      expect(result.err).toContain(`is in use by a running Fondo server (pid ${process.pid})`);
    } finally {
      fs.rmSync(`${dataDir}.lock`);
    }
  }, 60_000);
});
