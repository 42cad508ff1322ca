import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getEnv } from "../config/env.server";

export type Flash = { kind: "success" | "error" | "info"; key: string; params?: Record<string, string | number> };

type FlashData = Record<string, never>;
type FlashOnce = { flash: Flash };
let storage: ReturnType<typeof createCookieSessionStorage<FlashData, FlashOnce>> | undefined;
function flashStorage() {
  const env = getEnv();
  storage ??= createCookieSessionStorage<FlashData, FlashOnce>({
    cookie: {
      name: "fondo_flash",
      httpOnly: true,
      sameSite: "lax",
      secure: env.isProduction,
      path: "/",
      secrets: [env.sessionSecret],
    },
  });
  return storage;
}

/** Redirects and shows a one-time message (a translation key) on the next page. */
export async function redirectWithFlash(url: string, flash: Flash, init: ResponseInit = {}): Promise<Response> {
  const session = await flashStorage().getSession();
  session.flash("flash", flash);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashStorage().commitSession(session));
  return redirect(url, { ...init, headers });
}

/** Reads (and consumes) the pending message, with the header that clears it. */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const session = await flashStorage().getSession(request.headers.get("Cookie"));
  const flash = (session.get("flash") as Flash | undefined) ?? null;
  return { flash, setCookie: flash ? await flashStorage().commitSession(session) : null };
}
