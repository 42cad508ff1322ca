import net from "node:net";
import type { Browser } from "playwright-core";
import { loadEnv } from "../../app/modules/config/env.server";
import type { Db } from "../../app/modules/db/types";
import type { RunningServer } from "../../server/start";
import { builtServer, root } from "./built";
import { launchBrowser } from "./browser";
import { createTestDatabase, type TestDatabase } from "./db";
import { shareServerState } from "./server";

export type BrowserSuite = { server: RunningServer; database: TestDatabase; browser: Browser; baseUrl: string; stop(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * The real server on a free port that APP_URL names (emailed links and QR codes lead back to
 * it), over a fresh database that `prepare` fills first, and a headless Chromium.
 */
export async function startBrowserSuite(prepare?: (db: Db) => Promise<unknown>): Promise<BrowserSuite> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  process.env.APP_URL = baseUrl;
  process.env.PORT = String(port);
  const database = await createTestDatabase();
  await prepare?.(database.db);
  const built = await builtServer();
  const server = await built.startServer({ env: loadEnv({ ...process.env }), database, root });
  shareServerState(server, built.getStripeConfig());
  const browser = await launchBrowser();
  return {
    server,
    database,
    browser,
    baseUrl,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

/** A translation with its `{{placeholders}}` filled, to find the text a person reads. */
export const fillTemplate = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ""));
