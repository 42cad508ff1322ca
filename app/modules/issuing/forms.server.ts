import { and, eq, isNull } from "drizzle-orm";
import { campaigns, disbursementLines, disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import { quoteFee } from "../campaigns/fees.server";

export type CardForm = { form: string; amountCents: number };

/**
 * The forms a case's fee is made of, at the fee the request holds (re-priced at payment first by
 * the caller, ADR 0022): the schedule's forms when they add up to it, else one line for the whole
 * fee. Forms already paid and standing at USCIS are left out.
 */
export async function unpaidForms(db: Db, feeRequestId: string, on: string): Promise<CardForm[] | null> {
  const [row] = await db
    .select({ request: feeRequests, campaign: campaigns })
    .from(feeRequests)
    .innerJoin(campaigns, eq(campaigns.id, feeRequests.campaignId))
    .where(eq(feeRequests.id, feeRequestId));
  if (!row || !row.request.feeCents) return null;
  const quote = await quoteFee(db, { program: row.campaign.feeProgram, filingMethod: row.request.filingMethod, on });
  const all =
    quote && quote.totalCents === row.request.feeCents
      ? quote.components.map((c) => ({ form: c.form, amountCents: c.amountCents }))
      : [{ form: row.campaign.feeProgram, amountCents: row.request.feeCents }];
  const paid = await standingForms(db, feeRequestId);
  return all.filter((f) => !paid.has(f.form));
}

/** Forms of the case paid to USCIS and not sent back. */
export async function standingForms(db: Db, feeRequestId: string): Promise<Set<string>> {
  const standing = await db
    .select({ form: disbursementLines.form })
    .from(disbursementLines)
    .innerJoin(disbursements, eq(disbursements.id, disbursementLines.disbursementId))
    .where(and(eq(disbursements.feeRequestId, feeRequestId), isNull(disbursementLines.returnedAt)));
  return new Set(standing.map((s) => s.form));
}
