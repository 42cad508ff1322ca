import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The ledger is the bottom layer (ADR 0012): it may use the database, its schema and pure
 * helpers, never the modules built on top of it (applicants, donations, campaigns, email, …),
 * and it refuses with domain errors, never HTTP responses.
 */
const root = path.resolve(import.meta.dirname, "../..");
const ledgerDir = path.join(root, "app/modules/ledger");

const allowedPackages = new Set(["drizzle-orm", "node:crypto"]);
const allowedPaths = [
  path.join(root, "app/modules/ledger"),
  path.join(root, "app/modules/db/types"),
  path.join(root, "app/modules/db/rows"),
  // Pure calendar and time-zone helpers (no imports of their own).
  path.join(root, "app/modules/dates/dates"),
  path.join(root, "db/schema"),
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
  );
}

/** Every module a file imports or re-exports, statically or dynamically. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s+["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!);
  return found;
}

export function outsideLedger(file: string, specifier: string): boolean {
  if (specifier.startsWith("~/")) specifier = path.join(root, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) specifier = path.resolve(path.dirname(file), specifier);
  else return !allowedPackages.has(specifier);
  return !allowedPaths.some((allowed) => specifier === allowed || specifier.startsWith(`${allowed}/`) || specifier.startsWith(`${allowed}.`));
}

/** `new Response(…)`, `Response.json(…)`; Remix's helpers are caught by the import check. */
export const throwsResponse = (source: string) => /\bnew\s+Response\s*\(|\bResponse\s*\.\s*(json|redirect|error)\s*\(/.test(source);

describe("the ledger is the bottom layer", () => {
  const files = sources(ledgerDir);

  it("has files to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it("imports only the database, its schema and its own files", () => {
    const offending = files.flatMap((file) =>
      importsOf(readFileSync(file, "utf8"))
        .filter((specifier) => outsideLedger(file, specifier))
        .map((specifier) => `${path.relative(root, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("never builds an HTTP response", () => {
    const offending = files.filter((file) => throwsResponse(readFileSync(file, "utf8"))).map((file) => path.relative(root, file));
    expect(offending).toEqual([]);
  });

  it("the check itself catches what it must", () => {
    const file = path.join(ledgerDir, "x.server.ts");
    const bad = ['import { notifyApplicant } from "../applicants/notify.server";', 'import type { Flash } from "~/modules/flash/flash.server";', 'const m = await import("../email/outbox.server");', 'import { z } from "zod";'];
    for (const line of bad) expect(importsOf(line).some((s) => outsideLedger(file, s)), line).toBe(true);
    const good = ['import { sql } from "drizzle-orm";', 'import { feeRequests } from "../../../db/schema";', 'import type { Db } from "../db/types";', 'import { post } from "./post.server";'];
    for (const line of good) expect(importsOf(line).some((s) => outsideLedger(file, s)), line).toBe(false);
    expect(throwsResponse('throw new Response("Not found", { status: 404 });')).toBe(true);
    expect(throwsResponse("throw Response.json({ error: 1 }, { status: 400 });")).toBe(true);
    expect(throwsResponse('throw new LedgerError("not_found");')).toBe(false);
    expect(importsOf('import { json } from "@remix-run/node";').some((s) => outsideLedger(file, s))).toBe(true);
  });
});
