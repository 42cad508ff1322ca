import { getSession } from "../auth/guards.server";

/**
 * Public pages may be cached for a few seconds by browsers and shared caches, but only when
 * rendered for an anonymous visitor: a signed-in header must never be served to someone else.
 */
export async function publicPageHeaders(request: Request): Promise<HeadersInit> {
  const session = await getSession(request);
  return {
    "Cache-Control": session ? "private, no-store" : "public, max-age=5, s-maxage=5",
    Vary: "Cookie, Accept-Language",
  };
}
