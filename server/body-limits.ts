import type { NextFunction, Request, Response } from "express";
import { getLanguage } from "../app/modules/i18n/i18n.server";
import { translator } from "../app/modules/i18n/translator";
import { FORM_LIMITS } from "../app/modules/forms/limits";

/** Request body caps by kind (docs/security.md); the app's readForm applies the same form caps. */
export const BODY_LIMITS = {
  form: FORM_LIMITS.formBytes,
  multipart: FORM_LIMITS.uploadBytes,
  webhook: 1024 * 1024,
} as const;

/** Stripe's own default tolerance for a signature's timestamp. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Stripe's webhook and Issuing's synchronous authorization webhook (ADR 0024). */
const stripeWebhookPath = /^\/webhooks\/stripe(\/issuing)?\/?$/;

export function bodyLimitFor(req: Request): number {
  if (stripeWebhookPath.test(req.path)) return BODY_LIMITS.webhook;
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "multipart/form-data" ? BODY_LIMITS.multipart : BODY_LIMITS.form;
}

/**
 * Refuses a body before anything reads it, whatever the path (`?_data=` requests included): a
 * declared Content-Length over the cap is a 413 at once, and then a webhook without a well-formed,
 * fresh Stripe-Signature is a 400, because the HMAC itself needs the whole body. Chunked bodies
 * (no Content-Length) are counted as they are read (see limitBodyStream).
 */
export function refuseOversizedBodies(options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    // Size first, on every path (both Stripe webhooks included): an oversized body is a 413 whatever its signature.
    const limit = bodyLimitFor(req);
    const declared = req.get("content-length");
    if (declared !== undefined && Number(declared) > limit) {
      await sendTooLarge(req, res);
      return;
    }
    if (stripeWebhookPath.test(req.path) && req.method === "POST" && !freshStripeSignature(req.get("stripe-signature"), now())) {
      refuseAndClose(res, 400, { error: "invalid_signature" });
      return;
    }
    res.locals.bodyLimit = limit;
    next();
  };
}

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

/**
 * Counts a body's bytes as it is read and errors with PayloadTooLargeError past the cap, without
 * cancelling the socket's stream (the caller still answers 413 on the same connection).
 */
export function limitBodyStream(body: ReadableStream<Uint8Array>, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) {
        onTooLarge();
        controller.error(new PayloadTooLargeError(`body over ${limit} bytes`));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  void body.pipeTo(counter.writable, { preventCancel: true }).catch(() => {});
  return counter.readable;
}

/** The 413 page or JSON, in the visitor's language; the connection closes after it. */
export async function sendTooLarge(req: Request, res: Response) {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  const language = await languageOf(req);
  const t = translator(language);
  const message = t("formErrors.tooLarge", FORM_LIMITS.messageParams);
  if (req.accepts(["json", "html"]) === "html") {
    const title = t("errors.page413.title");
    refuseAndClose(
      res.type("html"),
      413,
      `<!doctype html><html lang="${language}"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">${escapeHtml(t("errors.backHome"))}</a></p></html>`,
    );
  } else refuseAndClose(res, 413, { error: "payload_too_large", message });
}

/**
 * Answers at once, without reading the body. Node then discards what the client is still
 * sending (in small chunks, never held), so the client reads the answer instead of a reset; a
 * client that keeps sending after a grace period is cut off.
 */
function refuseAndClose(res: Response, status: number, body: string | object) {
  const req = res.req;
  // Closing at once would reset the connection under a client still sending, and a reset can
  // discard our answer before the client reads it. So what still arrives is read and dropped
  // (never held), and the connection stays open until the body ends or the grace period does.
  discardUnreadBody(req, res);
  res.set({ "Cache-Control": "no-store" }).status(status);
  if (typeof body === "string") res.send(body);
  else res.json(body);
}

/**
 * After an answer that did not read the whole body (a refusal, or an action that failed before
 * reading): the rest is read and dropped, so the connection stays usable and nothing is held.
 */
export function discardUnreadBody(req: Request, res: Response) {
  if (req.complete) return;
  req.removeAllListeners("data");
  const clientCloses = /\bclose\b/i.test(req.get("connection") ?? "");
  if (!res.headersSent) res.shouldKeepAlive = true;
  const drain = () => {
    if (req.complete) return;
    req.resume();
    const socket = req.socket;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => {
      clearTimeout(timer);
      if (clientCloses) socket.end();
    });
  };
  if (res.writableFinished) drain();
  else res.once("finish", drain);
}

const LINGER_MS = 2000;

function hasBody(req: Request): boolean {
  return req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? "0") > 0;
}

/** `t=<unix seconds>,v1=<64 hex>[,…]`, with the timestamp within Stripe's tolerance. */
export function freshStripeSignature(header: string | undefined, nowMs: number): boolean {
  if (!header || header.length > 2048) return false;
  let timestamp: number | null = null;
  let signed = false;
  for (const part of header.split(",")) {
    const [key, value] = part.split("=", 2).map((s) => s.trim());
    if (key === "t" && /^\d{1,12}$/.test(value ?? "")) timestamp = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/.test(value ?? "")) signed = true;
  }
  return timestamp !== null && signed && Math.abs(nowMs / 1000 - timestamp) <= STRIPE_SIGNATURE_TOLERANCE_SECONDS;
}

function languageOf(req: Request) {
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.get(name);
    if (value) headers.set(name, value);
  }
  return getLanguage(new Request(new URL(req.originalUrl, "http://fondo.invalid"), { headers }));
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
