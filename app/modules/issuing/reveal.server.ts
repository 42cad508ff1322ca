import { and, desc, eq } from "drizzle-orm";
import Stripe from "stripe";
import { issuingCards } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { getStripe } from "../payments/stripe.server";
import { isResourceMissing, isStripeError } from "../payments/stripe-errors.server";
import { IssuingError } from "./errors";

/**
 * One reveal of a case card's number: an ephemeral key for Issuing Elements, made for the nonce
 * Stripe.js created in the page, and audited like a view of personal data (the entry first, in the
 * same transaction: no key without its record). Fondo never sees the number itself.
 */
export async function revealCard(db: Db, p: { feeRequestId: string; actorUserId: string; nonce: string }): Promise<{ cardId: string; ephemeralKeySecret: string }> {
  const [card] = await db
    .select()
    .from(issuingCards)
    .where(and(eq(issuingCards.feeRequestId, p.feeRequestId), eq(issuingCards.status, "open")))
    .orderBy(desc(issuingCards.createdAt))
    .limit(1);
  if (!card) throw new IssuingError("no_card");
  try {
    return await db.transaction(async (tx) => {
      await recordAudit(tx, { actorUserId: p.actorUserId, action: "issuing.card_revealed", subjectType: "fee_request", subjectId: p.feeRequestId, details: { card: card.stripeCardId } });
      const key = await getStripe().ephemeralKeys.create({ issuing_card: card.stripeCardId, nonce: p.nonce }, { apiVersion: Stripe.API_VERSION });
      if (!key.secret) throw new Error("Stripe returned an ephemeral key without its secret");
      return { cardId: card.stripeCardId, ephemeralKeySecret: key.secret };
    });
  } catch (error) {
    // Rolled back, audit entry included: no key was given.
    if (isResourceMissing(error)) throw new IssuingError("no_card");
    if (isStripeError(error)) throw new IssuingError("stripe");
    throw error;
  }
}
