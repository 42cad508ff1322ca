import { desc, eq } from "drizzle-orm";
import { campaigns, campaignTotals } from "../../../db/schema";
import type { Db } from "../db/types";

/** Every campaign with its headline figures, for the staff dashboard. */
export async function staffOverview(db: Db) {
  const rows = await db
    .select({
      id: campaigns.id,
      slug: campaigns.slug,
      titleEn: campaigns.titleEn,
      titleEs: campaigns.titleEs,
      status: campaigns.status,
      raisedCents: campaignTotals.raisedCents,
      poolAvailableCents: campaignTotals.poolAvailableCents,
    })
    .from(campaigns)
    .leftJoin(campaignTotals, eq(campaignTotals.campaignId, campaigns.id))
    .orderBy(desc(campaigns.createdAt));
  return rows.map((r) => ({ ...r, raisedCents: r.raisedCents ?? 0, poolAvailableCents: r.poolAvailableCents ?? 0 }));
}
