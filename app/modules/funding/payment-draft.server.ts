import { eq } from "drizzle-orm";
import { campaigns, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { quoteFee } from "../campaigns/fees.server";
import { dayIn } from "../dates/dates";
import { organizationTimeZone } from "../organization/clock.server";

/** What staff need to record a payment: the request, and the forms its fee is made of. */
export async function paymentDraft(db: Db, feeRequestId: string) {
  const [row] = await db
    .select({ request: feeRequests, campaign: campaigns })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .where(eq(feeRequests.id, feeRequestId));
  if (!row) return null;
  // The schedule in force today for a first payment of a schedule-priced case (it is re-priced at
  // payment), else on the day the fee was snapshotted, where the organization is.
  const repriced = row.campaign.feeSource === "schedule" && !row.request.paidAt;
  const on = dayIn(repriced ? new Date() : (row.request.approvedAt ?? new Date()), await organizationTimeZone(db));
  const quote = await quoteFee(db, { program: row.campaign.feeProgram, filingMethod: row.request.filingMethod, on });
  // Suggest the schedule's forms when they add up to the amount the request holds.
  const lines =
    quote && (repriced || quote.totalCents === row.request.feeCents)
      ? quote.components.map((c) => ({ form: c.form, amount: (c.amountCents / 100).toFixed(2) }))
      : [{ form: "", amount: row.request.feeCents ? (row.request.feeCents / 100).toFixed(2) : "" }];
  return { request: row.request, campaign: row.campaign, lines };
}
