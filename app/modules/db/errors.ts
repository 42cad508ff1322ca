/**
 * A unique index refused the write (SQLSTATE 23505), optionally a given one. Drizzle wraps the
 * driver's error (postgres.js or PGlite) in its own, so the cause chain is searched.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === "23505") return !constraint || e.constraint_name === constraint || e.constraint === constraint || String(e).includes(constraint);
  }
  return false;
}
