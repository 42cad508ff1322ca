import fs from "node:fs";
import path from "node:path";
import type { Env } from "../config/env.server";
import { connectPostgres, openPglite, type Database } from "./connect.server";
import type { Db } from "./types";

export type { Db } from "./types";
export type { Database } from "./connect.server";

// One per process (PGlite can only be opened once), set at start-up.
let current: Database | undefined;

export function setDatabase(database: Database | undefined): void {
  current = database;
}

export function getDatabase(): Database {
  const database = current;
  if (!database) throw new Error("Database not opened: call openAppDatabase() at start-up");
  return database;
}

export function getDb(): Db {
  return getDatabase().db;
}

export class DatabaseInUseError extends Error {}

/**
 * Opens the configured database and applies migrations. With the embedded PGlite, the data
 * folder is locked to this process: a CLI command refuses to open it while a server runs.
 */
export async function openAppDatabase(env: Env, owner: "server" | "cli"): Promise<Database> {
  let database: Database;
  if (env.databaseUrl) {
    database = connectPostgres(env.databaseUrl);
  } else {
    const lock = acquirePgliteLock(env.pgliteDataDir, owner);
    database = await openPglite(env.pgliteDataDir);
    const close = database.close;
    database = { ...database, close: async () => (await close(), lock.release()) };
  }
  await database.migrate();
  setDatabase(database);
  return database;
}

function acquirePgliteLock(dataDir: string, owner: string): { release(): void } {
  const file = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const held = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; owner: string };
    if (held.pid !== process.pid && isAlive(held.pid)) {
      throw new DatabaseInUseError(
        `The embedded database in ${dataDir} is in use by a running Fondo ${held.owner} (pid ${held.pid}). ` +
          "Stop it first, or set DATABASE_URL to use PostgreSQL.",
      );
    }
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw error;
  }
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, owner }));
  return {
    release() {
      try {
        const held = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number };
        if (held.pid === process.pid) fs.unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
