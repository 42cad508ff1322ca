import { and, eq } from "drizzle-orm";
import { feeRequests } from "../../../db/schema";
import { addDays, daysBetween, todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { organizationTimeZone } from "../organization/clock.server";
import { getCampaignTotals, type Campaign } from "./campaigns.server";
import { needAhead } from "./need-ahead";

/**
 * The need ahead of a campaign as published (ADR 0026): only fee amounts and expiration dates of
 * approved cases are read, never a reference, state or language, and only aggregates leave here.
 */
export async function publicNeedAhead(db: Db, campaign: Campaign, now: Date = new Date()) {
  const today = todayIn(await organizationTimeZone(db), now);
  const [waiting, totals] = await Promise.all([
    db
      .select({ feeCents: feeRequests.feeCents, dacaExpiresOn: feeRequests.dacaExpiresOn })
      .from(feeRequests)
      .where(and(eq(feeRequests.campaignId, campaign.id), eq(feeRequests.status, "approved"))),
    getCampaignTotals(db, campaign.id),
  ]);
  const cases = waiting.map((r) => ({ feeCents: r.feeCents ?? 0, daysUntilExpiry: daysBetween(today, r.dacaExpiresOn) }));
  return {
    as_of: today,
    buckets: needAhead(cases, totals.poolAvailableCents).map((b) => ({
      expiring_within_days: b.days,
      needed_by: addDays(today, b.days),
      published: b.published,
      cases_rounded: b.cases,
      needed_cents: b.neededCents,
    })),
  };
}

export type PublicNeedAhead = Awaited<ReturnType<typeof publicNeedAhead>>;

/** The first published bucket that still needs money: what a campaign page or poster may show. */
export function nextNeed(need: PublicNeedAhead) {
  return need.buckets.find((b) => b.published && (b.needed_cents ?? 0) > 0) ?? null;
}
