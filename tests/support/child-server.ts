import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { wrapPglite } from "../../app/modules/db/connect.server";
import type { Db } from "../../app/modules/db/types";

export type ChildServer = {
  url: string;
  pid: number;
  /** Resident memory of the server process, in bytes (VmRSS). */
  rss(): number;
  /** What the server printed (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
};

const root = path.resolve(__dirname, "../..");

/**
 * The real server as a separate process (the way it runs in production: its own memory, its own
 * event loop), on a free port and a fresh embedded database in a temporary folder. `prepare`
 * writes test data (users, campaigns) into that database before the server opens it.
 * The one place that knows how the server is started.
 */
export async function startChildServer(options: { env?: Record<string, string>; prepare?: (db: Db) => Promise<void> } = {}): Promise<ChildServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fondo-child-"));
  const dataDir = path.join(dir, "pglite");
  const client = await PGlite.create({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]) });
  await options.prepare?.(wrapPglite(client).db);
  await client.close();

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", HOST: "127.0.0.1", PGLITE_DATA_DIR: dataDir, LOG_REQUESTS: "0", ...options.env };
  delete env.APP_URL; // links point at the port the server gets
  // The production bundle run with plain node (as `npm start` does), so its pid is the server's own.
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, [path.join(root, "build/server/server.js")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    });
    child.once("exit", (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    rss: () => residentBytes(child.pid!),
    output: () => output,
    async stop() {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error("VmRSS not found");
  return Number(kb[1]) * 1024;
}

async function stopChild(child: ChildProcessByStdio<null, Readable, Readable>) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}
