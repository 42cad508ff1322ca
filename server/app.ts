import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { sql } from "drizzle-orm";
import type { Env } from "../app/modules/config/env.server";
import type { Database } from "../app/modules/db/index.server";
import { withVisitorOrigin } from "../app/modules/http/public-url.server";
import { refuseOversizedBodies } from "./body-limits";
import { createRequestHandler } from "./remix-handler";
import { issuingAuthorizationWebhook, stripeWebhook } from "./stripe-webhook";
import { cspNonce, originCheck, requestLog, securityHeaders, untrustedProxyWarning } from "./security";

/** The HTTP app: headers, static files, health, Stripe's webhook, then Remix. */
export function createApp(params: {
  env: Env;
  database: Database;
  build: ServerBuild;
  root: string;
  /** Demo mode: the fake Stripe's customer portal, served here so it opens at the visitor's address. */
  demoPortal?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Demo mode: the fake Stripe's stand-in for Issuing Elements, framed by a case's staff page. */
  demoIssuingElements?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}) {
  const { env, database, build, root } = params;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.trustProxy);
  app.use(untrustedProxyWarning(env.isProduction && env.trustProxy === 0));
  app.use(requestLog(env.logRequests));
  app.use(refuseOversizedBodies());
  // Server to server, JSON only: no page, so no compression, nonce or browser headers (ADR 0017).
  app.all(/^\/webhooks\/stripe\/?$/, stripeWebhook());
  // Issuing's synchronous webhook answers each card authorization itself, never through the batch (ADR 0024).
  app.all(/^\/webhooks\/stripe\/issuing\/?$/, issuingAuthorizationWebhook());
  app.use(compression());
  app.use(cspNonce);
  app.use(securityHeaders(env.isProduction));

  app.get("/healthz", async (_req, res) => {
    try {
      await database.db.execute(sql`select 1`);
      res.set("Cache-Control", "no-store").json({ ok: true, database: database.kind });
    } catch {
      res.status(503).json({ ok: false });
    }
  });

  // Vite's hashed assets never change; the rest of public/ is copied beside them.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h", index: false }));
  app.use(originCheck(env.appUrl));
  // Single fetch asks for data at `.data` URLs; the old `?_data=` protocol is nobody's but a
  // stranger's now, and Remix's compatibility path can fail on it (a 500), so it is refused.
  app.use((req, res, next) => (req.query._data === undefined ? next() : res.status(400).type("text/plain").set("Cache-Control", "no-store").send("Bad request")));
  // Demo mode only: links follow the address the visitor used; Stripe's webhooks are not visitors.
  app.use((req, _res, next) => {
    if (req.path.startsWith("/webhooks/")) return next();
    const host = (env.trustProxy > 0 ? req.get("x-forwarded-host") : undefined) ?? req.get("host");
    withVisitorOrigin({ protocol: req.protocol, host }, next);
  });
  const { demoPortal } = params;
  if (demoPortal) app.all("/demo-portal/*", (req, res, next) => void demoPortal(req, res).catch(next));
  const { demoIssuingElements } = params;
  if (demoIssuingElements) app.all(/^\/demo-issuing-elements(\/pay)?\/?$/, (req, res, next) => void demoIssuingElements(req, res).catch(next));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.isProduction ? "production" : "development",
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" }),
    }),
  );
  return app;
}
