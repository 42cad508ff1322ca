import { and, desc, eq, gte, inArray, lte } from "drizzle-orm";
import { campaigns, fundraisers } from "../../../db/schema";
import { campaignFeeCents, isLive, type Campaign } from "../campaigns/campaigns.server";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { organizationToday } from "../organization/clock.server";
import { isFundraiserLive, type Fundraiser } from "./fundraisers.server";
import { matchStatus } from "./match.server";
import { publicFundraiserWhere } from "./visibility";

/** A page the public may see (see visibility.ts): never a draft, submitted or rejected page, nor one of a draft campaign. */
export async function findPublicFundraiser(db: Db, slug: string): Promise<{ fundraiser: Fundraiser; campaign: Campaign } | undefined> {
  const [row] = await db
    .select({ fundraiser: fundraisers, campaign: campaigns })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .where(and(eq(fundraisers.slug, slug), publicFundraiserWhere()));
  return row;
}

/** The story in the visitor's language, falling back to the other one when the host wrote only one. */
export function fundraiserStory(f: Pick<Fundraiser, "storyEn" | "storyEs">, language: Language): { text: string; lang: Language } {
  const own = language === "es" ? f.storyEs : f.storyEn;
  if (own) return { text: own, lang: language };
  return language === "es" ? { text: f.storyEn ?? "", lang: "en" } : { text: f.storyEs ?? "", lang: "es" };
}

/** What the public page, the widget and the dashboard show as progress. */
export async function fundraiserFigures(db: Db, f: Fundraiser, campaign: Campaign) {
  const on = await organizationToday(db);
  const feeCents = await campaignFeeCents(db, campaign, on);
  return {
    feeCents,
    raisedCents: f.raisedCents,
    goalFees: f.goalFees,
    goalCents: feeCents ? f.goalFees * feeCents : null,
    /** Renewals the page's gifts pay for, in whole fees. */
    renewalsFunded: feeCents ? Math.floor(f.raisedCents / feeCents) : 0,
    match: matchStatus(f, on),
    givingOpen: isFundraiserLive(f, on) && isLive(campaign, on),
  };
}

/** Live pages of a campaign, by amount raised: the campaign page's leaderboard. */
export async function campaignLeaderboard(db: Db, campaignId: string, limit = 10, on?: string) {
  on ??= await organizationToday(db);
  return db
    .select({ slug: fundraisers.slug, businessName: fundraisers.businessName, title: fundraisers.title, raisedCents: fundraisers.raisedCents, goalFees: fundraisers.goalFees })
    .from(fundraisers)
    .where(and(eq(fundraisers.campaignId, campaignId), eq(fundraisers.status, "approved"), lte(fundraisers.startsOn, on), gte(fundraisers.endsOn, on)))
    .orderBy(desc(fundraisers.raisedCents), fundraisers.businessName)
    .limit(limit);
}

/** Pages staff may record a cash or check gift against: approved or ended pages of this campaign. */
export async function fundraisersTakingOfflineGifts(db: Db, campaignId: string) {
  return db
    .select({ id: fundraisers.id, title: fundraisers.title, businessName: fundraisers.businessName })
    .from(fundraisers)
    .where(and(eq(fundraisers.campaignId, campaignId), inArray(fundraisers.status, ["approved", "ended"])))
    .orderBy(fundraisers.businessName);
}
