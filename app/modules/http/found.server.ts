import { z } from "zod";

const uuid = z.string().uuid();

/**
 * What a route's `:id` names, or a 404 thrown for the route: a malformed id is simply not found
 * (never a 500), and `find` runs only for a well-formed one.
 */
export async function foundOr404<T>(id: string | undefined, find: (id: string) => Promise<T | null | undefined>): Promise<T> {
  const parsed = uuid.safeParse(id);
  const found = parsed.success ? await find(parsed.data) : null;
  if (found === null || found === undefined) throw new Response("Not found", { status: 404 });
  return found;
}
