/** How many supporters one page of a wall shows. */
export const WALL_PAGE_SIZE = 20;
/** Far enough for any real wall; a deeper `?wall=` is treated as the first page. */
const MAX_WALL_PAGE = 1_000;

/** `?wall=N` from a page's address: a whole page number from 1, anything else the first page. */
export function wallPageFrom(url: string | URL): number {
  const raw = new URL(url).searchParams.get("wall");
  if (!raw || !/^\d{1,4}$/.test(raw)) return 1;
  const page = Number(raw);
  return page >= 1 && page <= MAX_WALL_PAGE ? page : 1;
}

/** One supporter as every wall shows it: a name only when the donor allowed it, and their message. */
export type WallEntry = { name: string | null; message: string | null };
export type WallPage = { entries: WallEntry[]; page: number; hasOlder: boolean };
