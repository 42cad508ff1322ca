import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import { feeRequests, issuingAuthorizations, issuingCards } from "../../../db/schema";
import type { Db } from "../db/types";
import { GOVERNMENT_SERVICES } from "./cards.server";
import { standingForms } from "./forms.server";

export type Decision = { approved: boolean; reason: string };

/**
 * The answer to an `issuing_authorization.request` (ADR 0024): approved only for an amount equal
 * to an unpaid form of the card's case, once per form, while the case is funded and the card open.
 * Recorded once: a repeat of the same authorization gets the recorded answer. Never moves money.
 */
export async function decideAuthorization(db: Db, authorization: Stripe.Issuing.Authorization): Promise<Decision> {
  const recorded = await recordedDecision(db, authorization.id);
  if (recorded) return recorded;
  const stripeCardId = typeof authorization.card === "string" ? authorization.card : authorization.card.id;
  const amountCents = authorization.pending_request?.amount ?? authorization.amount;
  const decline = (reason: string, feeRequestId: string | null = null) => record(db, { stripeAuthorizationId: authorization.id, stripeCardId, feeRequestId, amountCents, approved: false, reason });

  const [card] = await db.select().from(issuingCards).where(eq(issuingCards.stripeCardId, stripeCardId));
  if (!card) return decline("unknown_card");
  if (card.status !== "open") return decline("card_canceled", card.feeRequestId);
  const currency = authorization.pending_request?.currency ?? authorization.currency;
  if (currency !== "usd" || authorization.merchant_data.category !== GOVERNMENT_SERVICES || authorization.merchant_data.country !== "US") {
    return decline("merchant", card.feeRequestId);
  }
  const [request] = await db.select({ status: feeRequests.status, shortCents: feeRequests.shortCents }).from(feeRequests).where(eq(feeRequests.id, card.feeRequestId));
  if (!request || request.status !== "funded" || request.shortCents > 0) return decline("case_not_payable", card.feeRequestId);

  const paid = await standingForms(db, card.feeRequestId);
  const taken = await db
    .select({ form: issuingAuthorizations.form })
    .from(issuingAuthorizations)
    .where(and(eq(issuingAuthorizations.stripeCardId, stripeCardId), eq(issuingAuthorizations.approved, true), isNull(issuingAuthorizations.freedAt)));
  const used = new Set([...paid, ...taken.map((t) => t.form)]);
  const matching = card.forms.filter((f) => f.amountCents === amountCents);
  if (matching.length === 0) return decline("amount", card.feeRequestId);
  for (const form of matching.filter((f) => !used.has(f.form))) {
    // The partial unique index lets one approval per card and form stand, however many race here.
    const inserted = await db
      .insert(issuingAuthorizations)
      .values({ stripeAuthorizationId: authorization.id, stripeCardId, feeRequestId: card.feeRequestId, form: form.form, amountCents, approved: true, reason: "unpaid_form" })
      .onConflictDoNothing()
      .returning({ id: issuingAuthorizations.stripeAuthorizationId });
    if (inserted.length > 0) return { approved: true, reason: "unpaid_form" };
    const again = await recordedDecision(db, authorization.id);
    if (again) return again;
  }
  return decline("second_use", card.feeRequestId);
}

async function recordedDecision(db: Db, id: string): Promise<Decision | null> {
  const [row] = await db.select({ approved: issuingAuthorizations.approved, reason: issuingAuthorizations.reason }).from(issuingAuthorizations).where(eq(issuingAuthorizations.stripeAuthorizationId, id));
  return row ?? null;
}

async function record(db: Db, row: typeof issuingAuthorizations.$inferInsert): Promise<Decision> {
  await db.insert(issuingAuthorizations).values(row).onConflictDoNothing();
  return (await recordedDecision(db, row.stripeAuthorizationId))!;
}

/** Stripe heard "declined" (we answered late): the recorded approval is withdrawn. */
export async function withdrawApproval(db: Db, id: string): Promise<void> {
  await db.update(issuingAuthorizations).set({ approved: false, reason: "timeout" }).where(eq(issuingAuthorizations.stripeAuthorizationId, id));
}
