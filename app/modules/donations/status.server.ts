import { and, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { campaigns, donations, fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { isFundraiserPublic } from "../fundraisers/visibility";

const fundraiserCampaigns = alias(campaigns, "fundraiser_campaigns");

/**
 * What the thanks page may say about a Checkout Session: its status, the gift (amount, once or
 * monthly, card-fee cover) and where it went — never the donor's name, email or message. The
 * page to share and to go back to is the fundraiser's when the gift came through one that the
 * public may still see, else the campaign's; its address is built from APP_URL, never from the
 * request (so the `?session_id=` address is never what gets shared).
 */
export async function donationStatusForSession(db: Db, sessionId: string, language: Language, appUrl: string) {
  const [row] = await db
    .select({
      status: donations.status,
      amountCents: donations.amountCents,
      feeCoverCents: donations.feeCoverCents,
      frequency: donations.frequency,
      awaitingFundsSince: donations.awaitingFundsSince,
      tributeKind: donations.tributeKind,
      tributeName: donations.tributeName,
      campaign: { id: campaigns.id, slug: campaigns.slug, titleEn: campaigns.titleEn, titleEs: campaigns.titleEs },
      fundraiser: { slug: fundraisers.slug, title: fundraisers.title, businessName: fundraisers.businessName, status: fundraisers.status, endsOn: fundraisers.endsOn },
      fundraiserCampaignStatus: fundraiserCampaigns.status,
    })
    .from(donations)
    .innerJoin(campaigns, eq(campaigns.id, donations.campaignId))
    .leftJoin(fundraisers, eq(fundraisers.id, donations.fundraiserId))
    .leftJoin(fundraiserCampaigns, eq(fundraiserCampaigns.id, fundraisers.campaignId))
    .where(and(eq(donations.stripeCheckoutSessionId, sessionId)));
  if (!row) return null;
  const campaignTitle = language === "es" ? row.campaign.titleEs : row.campaign.titleEn;
  const f = row.fundraiser?.slug && row.fundraiserCampaignStatus ? row.fundraiser : null;
  const fundraiser = f && isFundraiserPublic(f, { status: row.fundraiserCampaignStatus! }) ? { slug: f.slug, title: f.title, businessName: f.businessName } : null;
  return {
    status: row.status,
    amountCents: row.amountCents,
    feeCoverCents: row.feeCoverCents,
    monthly: row.frequency === "monthly",
    /** Checkout completed, the bank debit not yet cleared. */
    awaitingFunds: row.status === "pending" && row.awaitingFundsSince !== null,
    tribute: row.tributeKind && row.tributeName ? { kind: row.tributeKind, name: row.tributeName } : null,
    campaign: { id: row.campaign.id, slug: row.campaign.slug, title: campaignTitle, url: `${appUrl}/campaigns/${row.campaign.slug}` },
    fundraiser: fundraiser ? { ...fundraiser, url: `${appUrl}/f/${fundraiser.slug}` } : null,
  };
}
