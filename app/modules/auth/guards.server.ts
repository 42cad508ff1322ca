import { redirect } from "@remix-run/node";
import { sessionCookieNamed } from "../http/session-cookie.server";
import { getEnv } from "../config/env.server";
import { getDb } from "../db/index.server";
import { sameOriginPath } from "../http/same-origin-path";
import { needsSecondFactor, sessionLifetime, type Role } from "./policy";
import { createSession, invalidateSession, validateSession, type ValidSession } from "./sessions.server";

const sessionCookie = () => sessionCookieNamed("fondo_session");

const cache = new WeakMap<Request, Promise<ValidSession | null>>();

/** The signed-in account of this request, if any (validated once per request). */
export function getSession(request: Request): Promise<ValidSession | null> {
  let pending = cache.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await sessionCookie().parse(request.headers.get("Cookie"));
      return typeof token === "string" ? validateSession(getDb(), token) : null;
    })();
    cache.set(request, pending);
  }
  return pending;
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * Requires a signed-in account with one of `roles`: no session → sign-in page; wrong role → 403;
 * a second factor still owed → the two-factor step (or its setup for an admin without one).
 */
export async function requireUser(
  request: Request,
  options: { roles: Role[]; allowPendingSecondFactor?: boolean },
): Promise<ValidSession> {
  const session = await getSession(request);
  if (!session) signInRedirect(request);
  if (!options.roles.includes(session.user.role)) throw new Response("Forbidden", { status: 403 });
  if (!options.allowPendingSecondFactor && needsSecondFactor(session.user) && !session.twoFactorVerified) {
    throw redirect(session.user.totpEnabledAt ? "/sign-in/two-factor" : "/staff/two-factor");
  }
  return session;
}

export const requireStaff = (request: Request) => requireUser(request, { roles: ["admin", "reviewer"] });
export const requireAdmin = (request: Request) => requireUser(request, { roles: ["admin"] });

/** Starts a fresh session (a new token at every sign-in) and returns its Set-Cookie header. */
export async function startSession(
  user: { id: string; role: Role; totpEnabledAt: Date | null },
  options: { secondFactorDone: boolean },
): Promise<string> {
  const twoFactorVerified = options.secondFactorDone || !needsSecondFactor(user);
  const { token } = await createSession(getDb(), { userId: user.id, role: user.role, twoFactorVerified });
  return sessionCookie().serialize(token, { maxAge: sessionLifetime(user.role).absoluteMs / 1000 });
}

/** Ends the session server-side and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const session = await getSession(request);
  if (session) await invalidateSession(getDb(), session.id);
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Where to go after signing in: only paths on this site (the one helper for every `redirectTo`). */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/staff"): string {
  return sameOriginPath(target, getEnv().appUrl, fallback);
}

export const requireHost = (request: Request) => requireUser(request, { roles: ["host"] });
