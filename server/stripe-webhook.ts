import type { NextFunction, Request, Response } from "express";
import { receiveStripeWebhook, STRIPE_WEBHOOK_MAX_BYTES } from "../app/modules/donations/stripe-webhook.server";
import { getDb } from "../app/modules/db/index.server";
import { answerAuthorizationRequest } from "../app/modules/issuing/webhook.server";
import { discardUnreadBody, sendTooLarge } from "./body-limits";

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/**
 * `/webhooks/stripe`, served by Express ahead of Remix (ADR 0017): a signed JSON body in, JSON
 * out, no page, session or route data, so Remix's per-request route matching and Fetch
 * conversions were most of its cost. refuseOversizedBodies has already refused an unsigned or
 * declared-oversized body; a chunked one is counted here as it arrives.
 */
export function stripeWebhook() {
  return signedJsonEndpoint((body, signature) => receiveStripeWebhook(body, signature));
}

/**
 * `/webhooks/stripe/issuing`: Issuing's synchronous webhook. The card authorization's decision is
 * the answer itself (`{ approved }`, `Stripe-Version` header), within Stripe's 2 s (ADR 0024).
 */
export function issuingAuthorizationWebhook() {
  return signedJsonEndpoint((body, signature) => answerAuthorizationRequest(getDb(), body, signature));
}

/** A POST-only endpoint: the body counted as it arrives, its Stripe signature and the answer as JSON. */
function signedJsonEndpoint(answer: (body: string, signature: string | null) => Promise<Answer>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST") {
      res.status(405).set({ Allow: "POST", "Cache-Control": "no-store" }).json({ error: "method_not_allowed" });
      return;
    }
    try {
      const body = await readBody(req, STRIPE_WEBHOOK_MAX_BYTES);
      if (body === "too_large") {
        await sendTooLarge(req, res);
        return;
      }
      if (body === "unreadable") {
        discardUnreadBody(req, res);
        res.status(400).json({ error: "unreadable" });
        return;
      }
      const answered = await answer(body, req.get("stripe-signature") ?? null);
      // Written directly: Express's res.json would also hash the body for an ETag nobody uses.
      const json = JSON.stringify(answered.body);
      res.writeHead(answered.status, {
        ...answered.headers,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(json),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(json);
    } catch (error) {
      next(error);
    }
  };
}

/** The body as UTF-8 text, or a refusal as soon as it passes `maxBytes`; nothing past it is held. */
function readBody(req: Request, maxBytes: number): Promise<string | "too_large" | "unreadable"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        resolve("too_large");
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = () => {
      cleanup();
      resolve("unreadable");
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
