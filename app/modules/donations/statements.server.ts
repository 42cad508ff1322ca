import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { dayIn, yearRange } from "../dates/dates";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import type { StatementGift } from "../../../emails/year-end-statement";

type GiftRow = {
  email: string;
  donor_name: string | null;
  locale: Language;
  id: string;
  succeeded_at: string | Date;
  title_en: string;
  title_es: string;
  charged: number;
  refunded: number;
};

export type StatementsReport = { donors: number; queued: number; alreadyQueued: number };

/**
 * Queues one year-end statement per donor email: every gift that year (dates in the
 * organization's time zone), net of refunds and lost disputes. Keyed `statement/<year>/<hash of
 * the email>`, so running it again queues nothing new.
 */
export async function queueYearEndStatements(
  db: Db,
  p: { year: number; onProgress?: (done: number, total: number) => void },
): Promise<StatementsReport> {
  const organization = await getOrganization(db);
  const year = yearRange(p.year, organization.timezone);
  const rows = rowsOf<GiftRow>(await db.execute(sql`
    select lower(d.donor_email) as email, d.donor_name, d.locale, d.id,
           d.succeeded_at,
           c.title_en, c.title_es,
           (d.amount_cents + d.fee_cover_cents)::int as charged,
           (case when d.dispute_status = 'lost' then d.amount_cents + d.fee_cover_cents else d.refunded_cents end)::int as refunded
    from donations d join campaigns c on c.id = d.campaign_id
    where d.donor_email is not null
      and d.status in ('succeeded', 'partially_refunded', 'refunded', 'disputed')
      and d.succeeded_at >= ${year.start.toISOString()}::timestamptz
      and d.succeeded_at < ${year.end.toISOString()}::timestamptz
    order by lower(d.donor_email), d.succeeded_at, d.id`));
  const byDonor = new Map<string, GiftRow[]>();
  for (const row of rows) byDonor.set(row.email, [...(byDonor.get(row.email) ?? []), row]);
  const report: StatementsReport = { donors: byDonor.size, queued: 0, alreadyQueued: 0 };
  let done = 0;
  for (const [email, gifts] of byDonor) {
    const latest = gifts.at(-1)!;
    const lang = latest.locale;
    const lines: StatementGift[] = gifts.map((g) => ({
      date: dayIn(g.succeeded_at, organization.timezone),
      campaign: lang === "es" ? g.title_es : g.title_en,
      chargedCents: g.charged,
      refundedCents: g.refunded,
      reference: g.id.slice(0, 8).toUpperCase(),
    }));
    const id = await enqueueEmail(db, {
      template: "year-end-statement",
      to: email,
      locale: lang,
      idempotencyKey: `statement/${p.year}/${createHash("sha256").update(email).digest("hex").slice(0, 32)}`,
      props: {
        organizationName: organization.name,
        ein: organization.ein,
        year: p.year,
        donorName: [...gifts].reverse().find((g) => g.donor_name)?.donor_name ?? null,
        gifts: lines,
        totalCents: lines.reduce((sum, g) => sum + g.chargedCents - g.refundedCents, 0),
      },
    });
    report[id ? "queued" : "alreadyQueued"] += 1;
    p.onProgress?.(++done, byDonor.size);
  }
  return report;
}
