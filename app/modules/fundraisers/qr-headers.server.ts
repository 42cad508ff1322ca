/**
 * A QR code depends only on the fundraiser's address, which never changes, so caches may keep
 * it for an hour; not longer, so that a page taken down stops serving its code soon after.
 */
export const qrCacheHeaders = {
  "Cache-Control": "public, max-age=3600",
  "X-Content-Type-Options": "nosniff",
} as const;
