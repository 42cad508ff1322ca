import crypto from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { inject } from "vitest";
import { connectPostgres, wrapPglite, type Database } from "../../app/modules/db/connect.server";
import { setDatabase } from "../../app/modules/db/index.server";

export type TestDatabase = Database & { name: string };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: a clone of the PGlite template, or, when
 * TEST_DATABASE_URL is set, a new database on that server copied from the migrated template.
 * It also becomes the app's database for code that calls getDb().
 */
export async function createTestDatabase(options: { max?: number; real?: boolean } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  let database: TestDatabase;
  if (url && inject("pgTemplate")) {
    const name = `fondo_test_${crypto.randomBytes(6).toString("hex")}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name} template ${inject("pgTemplate")}`);
    await admin.end();
    const db = connectPostgres(withDatabase(url, name), { max: options.max ?? 8 });
    database = {
      ...db,
      name,
      async close() {
        await db.close();
        const again = postgres(url, { max: 1, onnotice: () => {} });
        await again.unsafe(`drop database if exists ${name} with (force)`);
        await again.end();
      },
    };
  } else {
    if (options.real) throw new Error("This suite needs TEST_DATABASE_URL (a real PostgreSQL server)");
    const dump = new Blob([fs.readFileSync(inject("pgliteTemplate"))]);
    const client = await PGlite.create({ loadDataDir: dump });
    database = { ...wrapPglite(client), name: "pglite" };
  }
  setDatabase(database);
  return database;
}
