/** Control characters (C0, DEL, C1), any Unicode space or separator, and backslashes. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\\\s\u2028\u2029\u3000]/u;

/**
 * A path on this site to send a visitor to, or `fallback`. The value is judged the way a browser
 * would read it: parsed against the site's origin, accepted only when the result stays on that
 * origin. Characters browsers strip or rewrite (tabs, newlines, backslashes, Unicode spaces) are
 * refused outright, and the answer is the parsed, percent-encoded path, so it is always a valid
 * Location header.
 */
export function sameOriginPath(value: unknown, origin: string, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || unsafe.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can leave "//…" ("/.//evil.example" becomes "//evil.example"): another site.
  return path.startsWith("//") ? fallback : path;
}
