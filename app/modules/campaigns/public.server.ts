import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { campaignFeeCents, getCampaignTotals, listLiveCampaigns, type Campaign } from "./campaigns.server";

/** Campaign text in the visitor's language. */
export function localized(campaign: Campaign, language: Language) {
  const es = language === "es";
  return {
    title: es ? campaign.titleEs : campaign.titleEn,
    summary: es ? campaign.summaryEs : campaign.summaryEn,
    story: es ? campaign.storyEs : campaign.storyEn,
  };
}

export async function listPublicCampaignCards(db: Db, language: Language) {
  const rows = await listLiveCampaigns(db);
  return Promise.all(
    rows.map(async ({ campaign }) => ({
      slug: campaign.slug,
      ...localized(campaign, language),
      goalFees: campaign.goalFees,
      feeCents: await campaignFeeCents(db, campaign),
      totals: await getCampaignTotals(db, campaign.id),
    })),
  );
}

/** The public figures of DESIGN §2, as served by GET /api/campaigns/:slug. */
export async function publicFigures(db: Db, campaign: Campaign) {
  const totals = await getCampaignTotals(db, campaign.id);
  return {
    slug: campaign.slug,
    currency: "usd",
    fee_cents: await campaignFeeCents(db, campaign),
    raised_cents: totals.raisedCents,
    donations_count: totals.donationsCount,
    processing_fees_cents: totals.processingFeesCents,
    pool_available_cents: totals.poolAvailableCents,
    allocated_cents: totals.allocatedCents,
    disbursed_cents: totals.disbursedCents,
    reserve_cents: totals.reserveCents,
    fees_funded: totals.feesFunded,
    fees_paid: totals.feesPaid,
    requests_waiting: totals.requestsWaiting,
  };
}
