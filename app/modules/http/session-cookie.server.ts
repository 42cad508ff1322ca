import { createCookie, type Cookie } from "@remix-run/node";
import { getEnv } from "../config/env.server";

/**
 * Every cookie that carries a session. The server treats any request holding one of them as
 * private (never cached: server/private-responses.ts), so a new session cookie is named here.
 */
export const sessionCookieNames = ["fondo_session", "fondo_case", "fondo_donor"] as const;
export type SessionCookieName = (typeof sessionCookieNames)[number];

/**
 * A cookie that carries a session token: HttpOnly, SameSite=Lax, whole-site path, and in
 * production Secure with the __Host- prefix (bound to this exact host over HTTPS, no Domain).
 */
export function sessionCookieNamed(name: SessionCookieName): Cookie {
  const env = getEnv();
  return createCookie(env.isProduction ? `__Host-${name}` : name, { httpOnly: true, sameSite: "lax", secure: env.isProduction, path: "/" });
}
