import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/** Routes other sites may frame (the fundraiser widget). */
export const embeddablePath = /^\/f\/[^/]+\/embed\/?$/;
/** A case's staff page: the only page that loads Stripe.js, for Issuing Elements (ADR 0024). */
export const staffCasePath = /^\/staff\/cases\/[^/]+\/?$/;
/** The demo stand-in for Issuing Elements: framed by the case's staff page only. */
export const demoIssuingElementsPath = /^\/demo-issuing-elements(\/pay)?\/?$/;
/** Stripe's origins for Issuing Elements (Stripe.js, its frames and its API). */
const stripeJs = "https://js.stripe.com";
/** An email's HTML in the development outbox: framed by the outbox page only, and inert. */
export const outboxHtmlPath = /^\/dev\/outbox\/[^/]+\/html\/?$/;

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
}

/** Security headers: a nonce-based CSP, no framing except the widget, HSTS in production. */
export function securityHeaders(isProduction: boolean) {
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;
  const build = (frameAncestors: string[], stripeElements = false) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", nonce, "'strict-dynamic'", ...(stripeElements ? [stripeJs] : [])],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'", ...(stripeElements ? ["https://api.stripe.com"] : [])],
          ...(stripeElements ? { "frame-src": ["'self'", stripeJs] } : {}),
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          // Checkout and the customer portal are reached by redirect after a form post.
          "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
          "frame-ancestors": frameAncestors,
          ...(isProduction ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      strictTransportSecurity: isProduction ? { maxAge: 63072000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      xFrameOptions: frameAncestors.includes("'none'") ? { action: "deny" } : false,
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    });
  const strict = build(["'none'"]);
  const embeddable = build(["*"]);
  const staffCase = build(["'none'"], true);
  const demoFrame = build(["'self'"]);
  // Emails carry inline styles and remote images, never scripts; the page is sandboxed anyway.
  const emailHtml = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:", "http:"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
        sandbox: ["allow-popups", "allow-popups-to-escape-sandbox", "allow-top-navigation-by-user-activation"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "sameorigin" },
    referrerPolicy: { policy: "same-origin" },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    (embeddablePath.test(req.path)
      ? embeddable
      : outboxHtmlPath.test(req.path)
        ? emailHtml
        : staffCasePath.test(req.path)
          ? staffCase
          : demoIssuingElementsPath.test(req.path)
            ? demoFrame
            : strict)(req, res, next);
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
/** Server-to-server endpoints with their own authentication (signatures). */
const csrfExempt = [/^\/webhooks\/stripe(\/issuing)?\/?$/];
/**
 * The one-click unsubscribe link (RFC 8058): a mail provider or a webmail page POSTs it from any
 * origin, and its signed token is the authority. Its Origin is dropped so that Remix, which aborts
 * an action from another host with a 500, handles it like the provider's origin-less POST.
 */
const anyOrigin = /^\/unsubscribe\/[\w.-]+$/;

/**
 * Refuses cross-site mutations: browsers send Sec-Fetch-Site and Origin on every POST, so a
 * form on another site cannot act with a visitor's cookies.
 */
export function originCheck(appUrl: string) {
  const appOrigin = new URL(appUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (safeMethods.has(req.method) || csrfExempt.some((p) => p.test(req.path))) return next();
    if (anyOrigin.test(req.path)) {
      delete req.headers.origin;
      return next();
    }
    const site = req.get("sec-fetch-site");
    const origin = req.get("origin");
    const ownOrigin = `${req.protocol}://${req.get("host")}`;
    const crossSite = site !== undefined && site !== "same-origin" && site !== "none";
    const foreignOrigin = origin !== undefined && origin !== "null" && origin !== appOrigin && origin !== ownOrigin;
    if (crossSite || foreignOrigin || origin === "null" || (origin !== undefined && !originMatchesHost(origin, req))) {
      res.status(403).type("text/plain").send("Cross-site request refused");
      return;
    }
    next();
  };
}

/**
 * Remix aborts an action whose Origin names another host than X-Forwarded-Host (else Host), and
 * answers 500; the same rule here answers 403 before Remix sees the request.
 */
function originMatchesHost(origin: string, req: Request): boolean {
  const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || req.get("host");
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Paths that carry secrets (magic links, case links, unsubscribe tokens) are logged without them. */
export function redactPath(path: string): string {
  return path
    .replace(/^\/case\/email\/[^/]+/, "/case/email/:token")
    .replace(/^\/case\/(?!resend\b|email\b|contact\b|withdraw\b)[^/]+/, "/case/:token")
    .replace(/^\/(donor\/manage|donor\/link|unsubscribe)\/[^/]+/, "/$1/:token");
}

/** One line per request: method, path without query, status, duration. No IPs, no bodies. */
export function requestLog(enabled: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!enabled) return next();
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`${req.method} ${redactPath(req.originalUrl.split("?")[0]!)} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    next();
  };
}

/**
 * In production with TRUST_PROXY=0, a request carrying X-Forwarded-For means either a proxy we
 * were not told about (every visitor then shares the proxy's address for rate limits) or a
 * client forging the header. Said once, without the header's value.
 */
export function untrustedProxyWarning(enabled: boolean, warn: (message: string) => void = console.warn) {
  let warned = !enabled;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!warned && req.headers["x-forwarded-for"] !== undefined) {
      warned = true;
      warn(
        "Requests arrive with X-Forwarded-For but TRUST_PROXY is 0: rate limits count the proxy's address. " +
          "Behind a proxy, set TRUST_PROXY to the number of proxies in front of Fondo (see README).",
      );
    }
    next();
  };
}
