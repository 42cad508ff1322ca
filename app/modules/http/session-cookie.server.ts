import { createCookie, type Cookie } from "@remix-run/node";
import { getEnv } from "../config/env.server";

/**
 * A cookie that carries a session token: HttpOnly, SameSite=Lax, whole-site path, and in
 * production Secure with the __Host- prefix (bound to this exact host over HTTPS, no Domain).
 */
export function sessionCookieNamed(name: string): Cookie {
  const env = getEnv();
  return createCookie(env.isProduction ? `__Host-${name}` : name, { httpOnly: true, sameSite: "lax", secure: env.isProduction, path: "/" });
}
