import fs from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as build from "virtual:remix/server-build";
import { loadEnv, setEnv, type Env } from "../app/modules/config/env.server";
import { openAppDatabase, setDatabase, type Database } from "../app/modules/db/index.server";
import { createApp } from "./app";
import { startWorker } from "./worker";
import { startPayments } from "./payments";
import type { FakeStripe } from "./fakes/stripe/index";

export { configureStripe, getStripeConfig } from "../app/modules/payments/stripe.server";

export type RunningServer = { url: string; env: Env; database: Database; fakeStripe: FakeStripe | null; webhookSecret: string | null; stop(): Promise<void> };

/**
 * Opens the database (migrating it), starts the in-process worker and listens. Built with the
 * Remix app into one bundle (`build/server/start.js`): `root` is where `build/client` is.
 */
export async function startServer(
  options: { root?: string; env?: Env; database?: Database; beforeListen?: (db: Database) => Promise<void> } = {},
): Promise<RunningServer> {
  const root = options.root ?? appRoot();
  const env = options.env ?? loadEnv();
  setEnv(env);
  const database = options.database ?? (await openAppDatabase(env, "server"));
  if (options.database) setDatabase(options.database);
  await options.beforeListen?.(database);
  const payments = await startPayments(env);
  const app = createApp({ env, database, build, root, demoPortal: payments.fake?.servePortal, demoIssuingElements: payments.fake?.serveIssuingElements });
  const worker = env.runWorker ? startWorker(database) : { stop: async () => {} };
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.port, env.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.port;
  const url = `http://localhost:${port}`;
  // Port 0 (tests, benchmarks) means "any free port": links must point at the one we got.
  setEnv(env.port === 0 && env.appUrl.endsWith(":0") ? { ...env, appUrl: url } : env);
  payments.listening(url);
  return {
    url,
    env,
    database,
    fakeStripe: payments.fake,
    webhookSecret: payments.webhookSecret,
    async stop() {
      await payments.stop();
      await worker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await database.close();
      setDatabase(undefined);
      setEnv(undefined);
    },
  };
}

/** The folder that holds `build/client`, wherever the process was started from. */
function appRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "build/client"))) return dir;
  }
  return process.cwd();
}
