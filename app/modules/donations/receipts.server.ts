import { sql } from "drizzle-orm";
import type { EmailProps } from "../../../emails";
import { todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import type { Organization } from "../organization/organization.server";
import type { donations } from "../../../db/schema";
import { latestCampaignFigures, type CampaignFigure } from "../donors/figures.server";
import { receiptManageUrl } from "./manage.server";

type Donation = typeof donations.$inferSelect;

/** The receipt of one gift, in the donor's language, dated in the organization's time zone. */
export function receiptProps(organization: Organization, donation: Donation, now: Date, figure: CampaignFigure | null = null): EmailProps<"donation-receipt"> {
  return {
    organizationName: organization.name,
    ein: organization.ein,
    donorName: donation.donorName,
    giftCents: donation.amountCents,
    feeCoverCents: donation.feeCoverCents,
    monthly: donation.frequency === "monthly",
    date: todayIn(organization.timezone, now),
    reference: donation.id.slice(0, 8).toUpperCase(),
    manageUrl: donation.frequency === "monthly" ? receiptManageUrl(donation.parentDonationId ?? donation.id) : null,
    figure,
  };
}

/**
 * Queues the receipts of gifts just recorded, in the caller's transaction, in one statement: at
 * most one per donation (`receipt/<donation id>`), however often Stripe repeats itself.
 */
export async function queueReceipts(tx: Db, organization: Organization, gifts: Donation[], now = new Date()): Promise<void> {
  const withEmail = gifts.filter((d) => d.donorEmail);
  if (withEmail.length === 0) return;
  const figures = await latestCampaignFigures(tx, [...new Set(withEmail.map((d) => d.campaignId))], organization.timezone, now);
  const rows = withEmail.map((d) => ({ to: d.donorEmail!, locale: d.locale, props: receiptProps(organization, d, now, figures.get(d.campaignId) ?? null), key: `receipt/${d.id}` }));
  // One JSON parameter, whatever the number of gifts (a webhook batch can hold hundreds).
  await tx.execute(sql`
    insert into outbox (template, to_address, locale, props, idempotency_key, next_attempt_at)
    select 'donation-receipt', x.to, x.locale::locale, x.props, x.key, ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(rows)}::json) as x("to" text, locale text, props jsonb, key text)
    on conflict (idempotency_key) do nothing`);
}
