import { and, eq } from "drizzle-orm";
import { campaigns, donations } from "../../../db/schema";
import type { Db } from "../db/types";

/** What the thanks page may say about a Checkout Session: status only, no donor details. */
export async function donationStatusForSession(db: Db, sessionId: string) {
  const [row] = await db
    .select({ status: donations.status, slug: campaigns.slug })
    .from(donations)
    .innerJoin(campaigns, eq(campaigns.id, donations.campaignId))
    .where(and(eq(donations.stripeCheckoutSessionId, sessionId)));
  return row ?? null;
}
