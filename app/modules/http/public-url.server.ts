import { AsyncLocalStorage } from "node:async_hooks";
import { getEnv } from "../config/env.server";

/**
 * The address links point at: APP_URL, except in demo mode, where it is the address the visitor
 * used (http://127.0.0.1:3000, a LAN address from a phone…), so that emailed links and Checkout's
 * return URLs open where the demo was opened. Production never reads the Host header for this.
 */
const visitorOrigin = new AsyncLocalStorage<string>();
// Emails written outside a request (worker, webhooks) follow the last visitor's address.
let lastVisitorOrigin: string | undefined;

/** APP_URL, or in demo mode the origin of the current (or last) visitor. No trailing slash. */
export function publicUrl(): string {
  const env = getEnv();
  if (!followsVisitor()) return env.appUrl;
  return visitorOrigin.getStore() ?? lastVisitorOrigin ?? env.appUrl;
}

/**
 * In demo mode, the visitor's address to store with work done later (a link request the worker
 * sends); null otherwise, or when this is not a visitor's request.
 */
export function visitorPublicUrl(): string | null {
  return followsVisitor() ? (visitorOrigin.getStore() ?? null) : null;
}

/** Runs `next` with a stored visitor address as the public URL (demo mode only; APP_URL otherwise). */
export function atPublicUrl<T>(stored: string | null, next: () => T): T {
  if (!followsVisitor() || !stored) return next();
  return visitorOrigin.run(stored, next);
}

function followsVisitor(): boolean {
  const env = getEnv();
  return env.demoMode && !env.isProduction;
}

const hostPattern = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/**
 * Runs `next` with the visitor's origin as the public URL (demo mode only). `host` is the Host or,
 * behind a trusted proxy, X-Forwarded-Host; one that is not a plain host[:port] means APP_URL.
 */
export function withVisitorOrigin<T>(visitor: { protocol: string; host: string | undefined }, next: () => T): T {
  if (!followsVisitor()) return next();
  const host = visitor.host?.split(",")[0]?.trim();
  if (!host || !hostPattern.test(host) || (visitor.protocol !== "http" && visitor.protocol !== "https")) return visitorOrigin.run(getEnv().appUrl, next);
  const origin = `${visitor.protocol}://${host}`;
  lastVisitorOrigin = origin;
  return visitorOrigin.run(origin, next);
}
