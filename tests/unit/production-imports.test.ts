/**
 * The fake Stripe (and its fixtures) is for demo mode and tests only: no production entry point
 * may load it. Checked twice: on the sources (every static import from the entry points and the
 * routes) and on the built bundle that `node` runs (global setup builds it).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtFile, root } from "../support/built";

const fakeFolder = path.join(root, "server/fakes/stripe") + path.sep;

// import x from "y" / import "y" / export { x } from "y" — not `import type`, not import("y").
const staticImport = /^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s*)?["']([^"']+)["']/gm;

function resolveSource(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(root, "app", specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package
  const stripped = base.replace(/\?.*$/, "");
  for (const candidate of [stripped, `${stripped}.ts`, `${stripped}.tsx`, path.join(stripped, "index.ts"), path.join(stripped, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${specifier} from ${path.relative(root, from)}`);
}

/** Every file reached by static imports, each with the chain that reached it. */
function walk(entries: string[], resolve: (from: string, specifier: string) => string | null): Map<string, string[]> {
  const reached = new Map<string, string[]>(entries.map((e) => [e, [e]]));
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (!/\.(ts|tsx|js)$/.test(file)) continue;
    for (const [, specifier] of fs.readFileSync(file, "utf8").matchAll(staticImport)) {
      const target = resolve(file, specifier!);
      if (!target || reached.has(target)) continue;
      reached.set(target, [...reached.get(file)!, target]);
      queue.push(target);
    }
  }
  return reached;
}

const routeFiles = fs.readdirSync(path.join(root, "app/routes")).map((f) => path.join(root, "app/routes", f));

describe("production never loads the fake Stripe", () => {
  it("no static import chain from the server, the CLI, the worker or any route reaches server/fakes/stripe", () => {
    const entries = ["server/index.ts", "server/cli.ts", "server/worker.ts", "server/start.ts", "app/root.tsx", "app/entry.server.tsx"].map((f) => path.join(root, f));
    const reached = walk([...entries, ...routeFiles], resolveSource);
    expect(reached.size).toBeGreaterThan(100);
    const fakes = [...reached.entries()].filter(([file]) => file.startsWith(fakeFolder)).map(([, chain]) => chain.map((f) => path.relative(root, f)).join(" → "));
    expect(fakes).toEqual([]);
    // The walk does see the payments module that loads the fake on demand.
    expect(reached.has(path.join(root, "server/payments.ts"))).toBe(true);
  });

  it("the built entry points' static imports never reach the chunk that holds the fake", () => {
    const isFake = (file: string) => /function startFakeStripe\(/.test(fs.readFileSync(file, "utf8"));
    const relative = (from: string, specifier: string) => (specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null);
    const entries = (["server", "cli", "start"] as const).map(builtFile).concat(path.join(root, "build/server/index.js"));
    const reached = walk(entries, relative);
    expect([...reached.keys()].filter(isFake)).toEqual([]);
    // The fake is built (demo mode needs it), but only as a chunk behind a dynamic import.
    const chunks = fs.readdirSync(path.join(root, "build/server/chunks")).map((f) => path.join(root, "build/server/chunks", f));
    const fake = chunks.filter(isFake);
    expect(fake).toHaveLength(1);
    expect(fs.readFileSync(builtFile("start"), "utf8")).toContain(`import("./chunks/${path.basename(fake[0]!)}")`);
  });
});
