import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { monthRange, previousMonth } from "../dates/dates";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { publicUrl } from "../http/public-url.server";
import type { Language } from "../i18n/config";
import { organizationToday } from "../organization/clock.server";
import { getOrganization } from "../organization/organization.server";
import { renewalsPaid } from "./figures.server";
import { impactOptedInSql } from "./preferences.server";
import { unsubscribeUrl } from "./unsubscribe.server";

type Row = { email: string; campaign_id: string; title_en: string; title_es: string; cents: number; locale: Language };
export type ImpactReport = { donors: number; queued: number; alreadyQueued: number };

/**
 * Queues "what your gifts did" for a month (YYYY-MM in the organization's time zone) to every
 * opted-in address that gave that month or gives monthly: per campaign, the renewals it paid and
 * the donor's own gifts. Keyed `impact/<month>/<hash of the address>`: once per donor per month.
 */
export async function queueImpactEmails(db: Db, p: { month: string; onProgress?: (done: number, total: number) => void }): Promise<ImpactReport> {
  const organization = await getOrganization(db);
  const range = monthRange(p.month, organization.timezone);
  const rows = rowsOf<Row>(await db.execute(sql`
    with opted as (${impactOptedInSql}),
    gave as (
      select lower(donor_email) as email, campaign_id,
             sum(amount_cents + fee_cover_cents - case when dispute_status = 'lost' then amount_cents + fee_cover_cents else refunded_cents end)::int as cents
      from donations
      where donor_email is not null and status in ('succeeded', 'partially_refunded', 'refunded', 'disputed')
        and succeeded_at >= ${range.start.toISOString()}::timestamptz and succeeded_at < ${range.end.toISOString()}::timestamptz
      group by 1, 2
    ),
    monthly as (
      select distinct lower(donor_email) as email, campaign_id from donations
      where frequency = 'monthly' and parent_donation_id is null and stripe_subscription_id is not null and donor_email is not null
        and subscription_status = 'active' and not subscription_paused and created_at < ${range.end.toISOString()}::timestamptz
    ),
    pairs as (select email, campaign_id from gave union select email, campaign_id from monthly)
    select x.email, x.campaign_id, c.title_en, c.title_es, coalesce(g.cents, 0) as cents,
           (select d.locale from donations d where lower(d.donor_email) = x.email order by d.created_at desc limit 1) as locale
    from pairs x
    join opted o on o.email = x.email
    join campaigns c on c.id = x.campaign_id
    left join gave g on g.email = x.email and g.campaign_id = x.campaign_id
    order by x.email, c.title_en`));
  const paid = await renewalsPaid(db, [...new Set(rows.map((r) => r.campaign_id))], range);
  const byDonor = new Map<string, Row[]>();
  for (const row of rows) byDonor.set(row.email, [...(byDonor.get(row.email) ?? []), row]);
  const report: ImpactReport = { donors: byDonor.size, queued: 0, alreadyQueued: 0 };
  let done = 0;
  for (const [email, lines] of byDonor) {
    const lang = lines[0]!.locale;
    const id = await enqueueEmail(db, {
      template: "impact-report",
      to: email,
      locale: lang,
      idempotencyKey: `impact/${p.month}/${createHash("sha256").update(email).digest("hex").slice(0, 32)}`,
      props: {
        organizationName: organization.name,
        month: p.month,
        lines: lines.map((l) => ({ campaign: lang === "es" ? l.title_es : l.title_en, renewals: paid.get(l.campaign_id) ?? 0, giftCents: l.cents })),
        donorPageUrl: `${publicUrl()}/donor`,
        unsubscribeUrl: unsubscribeUrl(email, "impact"),
      },
    });
    report[id ? "queued" : "alreadyQueued"] += 1;
    p.onProgress?.(++done, byDonor.size);
  }
  return report;
}

/** The worker's job: in the first week of a month, last month's emails (each donor once: keyed). */
export async function sendMonthlyImpact(db: Db, now = new Date()): Promise<ImpactReport | null> {
  const today = await organizationToday(db, now);
  if (Number(today.slice(8, 10)) > 7) return null;
  return queueImpactEmails(db, { month: previousMonth(today.slice(0, 7)) });
}
