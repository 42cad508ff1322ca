import { sql } from "drizzle-orm";
import { campaignTotals } from "../../../db/schema";
import type { Db } from "../db/types";
import { getStripe } from "../payments/stripe.server";

/**
 * The Issuing balance (what the cards can spend, topped up from the bank by staff in Stripe: Fondo
 * moves no bank money) beside the money funded to cases and not yet paid to USCIS.
 */
export async function issuingOverview(db: Db): Promise<{ issuingBalanceCents: number | null; fundedNotPaidCents: number }> {
  const [row] = await db.select({ cents: sql<string>`coalesce(sum(${campaignTotals.allocatedCents}), 0)` }).from(campaignTotals);
  let issuingBalanceCents: number | null = null;
  try {
    const balance = await getStripe().balance.retrieve();
    issuingBalanceCents = balance.issuing?.available.filter((a) => a.currency === "usd").reduce((sum, a) => sum + a.amount, 0) ?? 0;
  } catch {
    // Stripe unreachable or Issuing not enabled on the account: the page says "unknown".
  }
  return { issuingBalanceCents, fundedNotPaidCents: Number(row?.cents ?? 0) };
}
