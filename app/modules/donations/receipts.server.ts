import { outbox } from "../../../db/schema";
import type { EmailProps } from "../../../emails";
import { todayIn } from "../applicants/eligibility";
import type { Db } from "../db/types";
import type { Organization } from "../organization/organization.server";
import type { donations } from "../../../db/schema";
import { receiptManageUrl } from "./manage.server";

type Donation = typeof donations.$inferSelect;

/** The receipt of one gift, in the donor's language, dated in the organization's time zone. */
export function receiptProps(organization: Organization, donation: Donation, now: Date): EmailProps<"donation-receipt"> {
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
  };
}

/**
 * Queues the receipts of gifts just recorded, in the caller's transaction, in one statement: at
 * most one per donation (`receipt/<donation id>`), however often Stripe repeats itself.
 */
export async function queueReceipts(tx: Db, organization: Organization, gifts: Donation[], now = new Date()): Promise<void> {
  const rows = gifts
    .filter((d) => d.donorEmail)
    .map((d) => ({
      template: "donation-receipt",
      toAddress: d.donorEmail!,
      locale: d.locale,
      props: receiptProps(organization, d, now) as Record<string, unknown>,
      idempotencyKey: `receipt/${d.id}`,
      // The sender compares with the application's clock (millisecond precision), not the database's.
      nextAttemptAt: now,
    }));
  if (rows.length > 0) await tx.insert(outbox).values(rows).onConflictDoNothing({ target: outbox.idempotencyKey });
}
