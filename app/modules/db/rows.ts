/** Rows of a raw `db.execute`: postgres.js returns an array, PGlite an object with `rows`. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
