import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { donations } from "../../../db/schema";
import type { Db } from "../db/types";
import { WALL_PAGE_SIZE, type WallPage } from "./wall";

/**
 * The one rule for a supporters wall, used by the campaign page, the fundraiser page and the
 * host's dashboard alike: gifts that succeeded (not fully refunded) whose donor chose the wall,
 * one entry per gift (a monthly gift appears once, not every month), newest first. A donor who
 * chose "don't show my name anywhere" appears without a name; amounts and dates never appear.
 */
export async function supportersWall(db: Db, scope: { campaignId: string } | { fundraiserId: string }, page = 1): Promise<WallPage> {
  const where: SQL[] = [
    "campaignId" in scope ? eq(donations.campaignId, scope.campaignId) : eq(donations.fundraiserId, scope.fundraiserId),
    eq(donations.showOnWall, true),
    inArray(donations.status, ["succeeded", "partially_refunded"]),
    isNull(donations.parentDonationId),
  ];
  const rows = await db
    .select({ name: donations.donorName, anonymous: donations.anonymous, message: donations.publicMessage })
    .from(donations)
    .where(and(...where))
    .orderBy(desc(donations.succeededAt), desc(donations.id))
    .limit(WALL_PAGE_SIZE + 1)
    .offset((page - 1) * WALL_PAGE_SIZE);
  return {
    entries: rows.slice(0, WALL_PAGE_SIZE).map((r) => ({ name: r.anonymous ? null : r.name, message: r.message })),
    page,
    hasOlder: rows.length > WALL_PAGE_SIZE,
  };
}
