import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { connectPostgres, wrapPglite } from "../../app/modules/db/connect.server";
import type { TestProject } from "vitest/node";

/**
 * Once per run: builds the app as production does (`npm run build`: the Remix app and the server
 * in one bundle, which HTTP and browser tests serve), migrates one PGlite
 * database and dumps it as a template, and, with TEST_DATABASE_URL, migrates a template
 * database on the real server that each test file clones.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(__dirname, "../..");
  // Once per test run, even with several projects; CI builds once up front and sets FONDO_BUILT=1.
  if (process.env.FONDO_BUILT !== "1") {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
    process.env.FONDO_BUILT = "1";
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fondo-test-"));
  const client = await PGlite.create();
  await wrapPglite(client).migrate();
  const dump = await client.dumpDataDir("none");
  const dumpPath = path.join(dir, "template.tar");
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide("pgliteTemplate", dumpPath);

  const url = process.env.TEST_DATABASE_URL;
  let templateName = "";
  if (url) {
    templateName = `fondo_template_${process.pid}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${templateName}`);
    await admin.unsafe(`create database ${templateName}`);
    const template = connectPostgres(withDatabase(url, templateName), { max: 1 });
    await template.migrate();
    await template.close();
    await admin.end();
  }
  project.provide("pgTemplate", templateName);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (url && templateName) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${templateName} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
