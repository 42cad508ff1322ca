import { sessionCookieNames } from "../app/modules/http/session-cookie.server";

/**
 * The one place that decides which answers are private (docs/security.md, "Private pages are
 * never cached"). Every response the Remix app gives passes here, whatever its kind: documents,
 * single-fetch `.data` requests, resource routes (CSV, PDF). A private one leaves with
 * `Cache-Control: no-store` and `Referrer-Policy: same-origin`, whatever the route set, so a new
 * route cannot forget them.
 */

/** Sections whose pages are behind a sign-in, a case session, or a secret link (tokens in URLs). */
const privateSections = /^\/(staff|host|case|donor|unsubscribe|sign-in|sign-out|donate|demo-checkout|dev)(\/|$)/;
/** The application form answers with what the applicant typed. */
const applicationForm = /^\/campaigns\/[^/]+\/apply(\/|$)/;
const sessionCookie = new RegExp(`(^|;)\\s*(__Host-)?(${sessionCookieNames.join("|")})=`);

/** Private: a form post, a private section (its `.data` URL too), or any request made with a session. */
export function isPrivateRequest(request: { method: string; url: string; headers: Headers }): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return true;
  const path = new URL(request.url).pathname.replace(/\.data$/, "");
  if (privateSections.test(path) || applicationForm.test(path)) return true;
  return sessionCookie.test(request.headers.get("Cookie") ?? "");
}

/** The response as sent to a private request. */
export function privateResponse(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", "no-store");
  headers.set("Referrer-Policy", "same-origin");
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
