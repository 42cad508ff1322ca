import path from "node:path";
import { pathToFileURL } from "node:url";

export const root = path.resolve(__dirname, "../..");

/** The production bundle that global-setup builds: the server and the Remix app as one module graph. */
export const builtFile = (name: "start" | "server" | "cli" | "demo") => path.join(root, "build/server", `${name}.js`);

type StartModule = typeof import("../../server/start");

/**
 * The built `server/start.ts`, loaded by Node itself (not transformed by vitest), so HTTP and
 * browser tests exercise exactly the JavaScript production runs.
 */
export async function builtServer(): Promise<StartModule> {
  return (await import(/* @vite-ignore */ pathToFileURL(builtFile("start")).href)) as StartModule;
}
