import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { donations } from "../../../db/schema";
import type { Campaign } from "../campaigns/campaigns.server";
import type { Db } from "../db/types";
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
  return rows.map((r) => ({
    date: (r.at ?? new Date()).toISOString().slice(0, 10),
    amountCents: r.amountCents - Math.min(r.refundedCents, r.amountCents),
    channel: r.channel,
    monthly: r.frequency === "monthly",
    name: r.shareWithHost && !r.anonymous ? r.name : null,
    email: r.shareWithHost ? r.email : null,
    message: r.shareWithHost ? r.message : null,
    sharedWithHost: r.shareWithHost,
  }));
}

/**
 * Donors on the page's public wall who did not share their details with the host: what the wall
 * shows (name unless anonymous, message) and nothing more — no amount, no date — sorted by name
 * so the order cannot be lined up with the gifts table.
 */
export async function wallOnlySupporters(db: Db, fundraiserId: string) {
  const rows = await db
    .select({ name: donations.donorName, anonymous: donations.anonymous, message: donations.publicMessage })
    .from(donations)
    .where(
      and(
        eq(donations.fundraiserId, fundraiserId),
        eq(donations.showOnWall, true),
        eq(donations.shareWithHost, false),
        inArray(donations.status, [...counted]),
        isNull(donations.parentDonationId),
      ),
    );
  return rows
    .map((r) => ({ name: r.anonymous ? null : r.name, message: r.message }))
    .filter((r) => r.name || r.message)
    .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "") || (a.message ?? "").localeCompare(b.message ?? ""));
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

export async function hostDashboard(db: Db, f: Fundraiser, campaign: Campaign) {
  const gifts = await hostVisibleGifts(db, f.id);
  return {
    figures: await fundraiserFigures(db, f, campaign),
    giftsCount: gifts.length,
    series: giftsOverTime(gifts),
    supporters: gifts.filter((g) => g.sharedWithHost).reverse(),
    wallSupporters: await wallOnlySupporters(db, f.id),
  };
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? "" : String(value);
  // Formula injection: a spreadsheet must not run what a donor typed.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The host's CSV export: one line per gift, with only what the host may see. */
export async function hostGiftsCsv(db: Db, fundraiserId: string): Promise<string> {
  const gifts = await hostVisibleGifts(db, fundraiserId);
  const lines = [["date", "amount_usd", "channel", "monthly", "name", "email", "message"].join(",")];
  for (const g of gifts)
    lines.push([g.date, (g.amountCents / 100).toFixed(2), g.channel, g.monthly ? "yes" : "no", g.name, g.email, g.message].map(csvCell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
