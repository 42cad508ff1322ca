import { and, desc, eq, sql } from "drizzle-orm";
import { campaigns, donations, fundraisers } from "../../../db/schema";
import { dayIn, yearIn } from "../dates/dates";
import type { Db } from "../db/types";

export type DonorGift = {
  id: string;
  date: string;
  year: number;
  campaignTitleEn: string;
  campaignTitleEs: string;
  fundraiserTitle: string | null;
  cents: number;
  refundedCents: number;
  monthly: boolean;
  renewal: boolean;
  status: string;
  reference: string;
};

export type MonthlyGift = { id: string; campaignTitleEn: string; campaignTitleEs: string; cents: number; status: "active" | "past_due" | "canceled"; paused: boolean };

const recorded = sql`${donations.status} in ('succeeded', 'partially_refunded', 'refunded', 'disputed')`;
/** Every row is this address's: the one object-level check (ADR 0025). */
const ofDonor = (email: string) => sql`lower(${donations.donorEmail}) = ${email}`;

/** Every recorded gift of one address, newest first, across campaigns and fundraisers (dates in the organization's zone). */
export async function donorGifts(db: Db, email: string, timeZone: string): Promise<DonorGift[]> {
  const rows = await db
    .select({ d: donations, titleEn: campaigns.titleEn, titleEs: campaigns.titleEs, fundraiserTitle: fundraisers.title })
    .from(donations)
    .innerJoin(campaigns, eq(campaigns.id, donations.campaignId))
    .leftJoin(fundraisers, eq(fundraisers.id, donations.fundraiserId))
    .where(and(ofDonor(email), recorded))
    .orderBy(desc(donations.succeededAt), desc(donations.createdAt))
    .limit(500);
  return rows.map(({ d, titleEn, titleEs, fundraiserTitle }) => {
    const at = d.succeededAt ?? d.createdAt;
    const charged = d.amountCents + d.feeCoverCents;
    return {
      id: d.id,
      date: dayIn(at, timeZone),
      year: yearIn(at, timeZone),
      campaignTitleEn: titleEn,
      campaignTitleEs: titleEs,
      fundraiserTitle,
      cents: charged,
      refundedCents: d.disputeStatus === "lost" ? charged : d.refundedCents,
      monthly: d.frequency === "monthly",
      renewal: d.parentDonationId !== null,
      status: d.status,
      reference: d.id.slice(0, 8).toUpperCase(),
    };
  });
}

/** The monthly gifts (their first donation stands for the subscription) of one address. */
export async function donorMonthlyGifts(db: Db, email: string): Promise<MonthlyGift[]> {
  const rows = await db
    .select({ d: donations, titleEn: campaigns.titleEn, titleEs: campaigns.titleEs })
    .from(donations)
    .innerJoin(campaigns, eq(campaigns.id, donations.campaignId))
    .where(and(ofDonor(email), eq(donations.frequency, "monthly"), sql`${donations.parentDonationId} is null`, sql`${donations.stripeSubscriptionId} is not null`))
    .orderBy(desc(donations.createdAt));
  return rows.map(({ d, titleEn, titleEs }) => ({
    id: d.id,
    campaignTitleEn: titleEn,
    campaignTitleEs: titleEs,
    cents: d.subscriptionCents ?? d.amountCents + d.feeCoverCents,
    status: d.subscriptionStatus ?? "active",
    paused: d.subscriptionPaused,
  }));
}

/** One recorded gift of this address, or null: another donor's id answers like an unknown one. */
export async function donorGift(db: Db, email: string, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db.select().from(donations).where(and(eq(donations.id, id), ofDonor(email), recorded));
  return row ?? null;
}

/** The subscription behind one of this address's monthly gifts, or null. */
export async function donorSubscription(db: Db, email: string, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db
    .select()
    .from(donations)
    .where(and(eq(donations.id, id), ofDonor(email), eq(donations.frequency, "monthly"), sql`${donations.parentDonationId} is null`));
  return row?.stripeSubscriptionId ? { ...row, stripeSubscriptionId: row.stripeSubscriptionId } : null;
}
