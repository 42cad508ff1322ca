import { and, asc, eq, inArray } from "drizzle-orm";
import { donations } from "../../../db/schema";
import type { Campaign } from "../campaigns/campaigns.server";
import { dayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { dollars, toCsv } from "../exports/csv.server";
import { organizationTimeZone } from "../organization/clock.server";
import { supportersWall } from "../donations/wall.server";
import type { Fundraiser } from "./fundraisers.server";
import { fundraiserFigures } from "./public.server";

const counted = ["succeeded", "partially_refunded"] as const;

/**
 * The gifts through a page as its host may see them: amount and date always; the donor's name,
 * email and message only when the donor agreed to share their details with this host. Choosing
 * the public supporters wall is not that: the wall never shows amounts, so neither does the host
 * see a wall name next to an amount (see wallOnlySupporters). Nothing about applicants is ever here.
 */
export async function hostVisibleGifts(db: Db, fundraiserId: string) {
  const timeZone = await organizationTimeZone(db);
  const rows = await db
    .select({
      at: donations.succeededAt,
      amountCents: donations.amountCents,
      refundedCents: donations.refundedCents,
      channel: donations.channel,
      frequency: donations.frequency,
      name: donations.donorName,
      email: donations.donorEmail,
      anonymous: donations.anonymous,
      message: donations.publicMessage,
      shareWithHost: donations.shareWithHost,
    })
    .from(donations)
    .where(and(eq(donations.fundraiserId, fundraiserId), inArray(donations.status, [...counted])))
    .orderBy(asc(donations.succeededAt));
  return rows.map((r) => {
    const shared = r.shareWithHost && !r.anonymous;
    const at = r.at ?? new Date();
    return {
      at,
      date: dayIn(at, timeZone),
      amountCents: r.amountCents - Math.min(r.refundedCents, r.amountCents),
      channel: r.channel,
      monthly: r.frequency === "monthly",
      name: shared ? r.name : null,
      email: shared ? r.email : null,
      message: shared ? r.message : null,
      sharedWithHost: shared,
    };
  });
}

/** Cumulative money raised through the page by day, for the chart and its table. */
export function giftsOverTime(gifts: { date: string; amountCents: number }[]) {
  const byDay = new Map<string, { count: number; cents: number }>();
  for (const g of gifts) {
    const day = byDay.get(g.date) ?? { count: 0, cents: 0 };
    byDay.set(g.date, { count: day.count + 1, cents: day.cents + g.amountCents });
  }
  let total = 0;
  return [...byDay].map(([date, d]) => {
    total += d.cents;
    return { date, gifts: d.count, cents: d.cents, cumulativeCents: total };
  });
}

/** The host's dashboard; its wall is the public page's wall, by the same function and page. */
export async function hostDashboard(db: Db, f: Fundraiser, campaign: Campaign, wallPage = 1) {
  const gifts = await hostVisibleGifts(db, f.id);
  return {
    figures: await fundraiserFigures(db, f, campaign),
    giftsCount: gifts.length,
    series: giftsOverTime(gifts),
    supporters: gifts.filter((g) => g.sharedWithHost).reverse(),
    wall: await supportersWall(db, { fundraiserId: f.id }, wallPage),
  };
}

/** The host's CSV export: one line per gift, with only what the host may see. */
export async function hostGiftsCsv(db: Db, fundraiserId: string): Promise<string> {
  const gifts = await hostVisibleGifts(db, fundraiserId);
  return toCsv(
    ["date", "amount_usd", "channel", "monthly", "name", "email", "message"],
    gifts.map((g) => [g.at, dollars(g.amountCents), g.channel, g.monthly ? "yes" : "no", g.name, g.email, g.message]),
    await organizationTimeZone(db),
  );
}
