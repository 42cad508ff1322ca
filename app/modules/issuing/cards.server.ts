import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { feeRequests, issuingCards, organization } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { repriceAtPayment } from "../funding/funding.server";
import { organizationToday } from "../organization/clock.server";
import { getStripe } from "../payments/stripe.server";
import { isResourceMissing, isStripeError } from "../payments/stripe-errors.server";
import { IssuingError } from "./errors";
import { standingForms, unpaidForms } from "./forms.server";

export const GOVERNMENT_SERVICES = "government_services";

/** Staff turn per-case cards on or off for the organization (audited). */
export async function setIssuingEnabled(db: Db, p: { enabled: boolean; actorUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(organization).set({ issuingEnabled: p.enabled, updatedAt: new Date() }).where(eq(organization.id, 1));
    await recordAudit(tx, { actorUserId: p.actorUserId, action: "issuing.settings", subjectType: "organization", details: { enabled: p.enabled } });
  });
}

export async function issuingEnabled(db: Db): Promise<boolean> {
  const [org] = await db.select({ enabled: organization.issuingEnabled }).from(organization).where(eq(organization.id, 1));
  return org?.enabled ?? false;
}

/**
 * The organization's one Issuing cardholder (a company), made the first time a card is, or again
 * when Stripe no longer knows the stored one (`replacing`).
 */
async function cardholderId(db: Db, stripe: Stripe, replacing?: string): Promise<string> {
  const [org] = await db.select().from(organization).where(eq(organization.id, 1));
  if (!org) throw new IssuingError("issuing_off");
  if (org.issuingCardholderId && org.issuingCardholderId !== replacing) return org.issuingCardholderId;
  if (!org.addressLine1 || !org.city || !org.postalCode) throw new IssuingError("address_missing");
  const cardholder = await stripe.issuing.cardholders.create(
    {
      type: "company",
      name: org.name.slice(0, 24),
      email: org.contactEmail ?? undefined,
      billing: { address: { line1: org.addressLine1, line2: org.addressLine2 ?? undefined, city: org.city, state: org.region ?? undefined, postal_code: org.postalCode, country: org.country } },
      metadata: { fondo: "organization" },
    },
    // A replacement needs its own key: the first one's answer is the cardholder that is gone.
    { idempotencyKey: replacing ? `fondo-issuing-cardholder-replacing-${replacing}` : "fondo-issuing-cardholder" },
  );
  await db.update(organization).set({ issuingCardholderId: cardholder.id }).where(eq(organization.id, 1));
  return cardholder.id;
}

/**
 * A single-use virtual card for a funded case: limits equal to the largest form's fee per
 * authorization and the unpaid total overall, government services in the US only. The fee is
 * re-priced first, as for a payment typed in by hand.
 */
export async function createCaseCard(db: Db, p: { feeRequestId: string; actorUserId: string }): Promise<{ cardId: string }> {
  if (!(await issuingEnabled(db))) throw new IssuingError("issuing_off");
  const today = await organizationToday(db);
  await repriceAtPayment(db, { feeRequestId: p.feeRequestId, paidOn: today, actorUserId: p.actorUserId });
  const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, p.feeRequestId));
  if (!request || request.status !== "funded" || request.shortCents > 0) throw new IssuingError("not_payable");
  const [open] = await db.select({ id: issuingCards.id }).from(issuingCards).where(and(eq(issuingCards.feeRequestId, request.id), eq(issuingCards.status, "open")));
  if (open) throw new IssuingError("card_exists");
  const forms = await unpaidForms(db, request.id, today);
  if (!forms || forms.length === 0) throw new IssuingError("no_forms");
  const stripe = getStripe();
  const total = forms.reduce((sum, f) => sum + f.amountCents, 0);
  const params = (cardholder: string): Stripe.Issuing.CardCreateParams => ({
    cardholder,
    currency: "usd",
    type: "virtual",
    status: "active",
    metadata: { fee_request: request.reference },
    spending_controls: {
      allowed_categories: [GOVERNMENT_SERVICES],
      allowed_merchant_countries: ["US"],
      spending_limits: [
        { amount: Math.max(...forms.map((f) => f.amountCents)), interval: "per_authorization" },
        { amount: total, interval: "all_time" },
      ],
    },
  });
  let card: Stripe.Issuing.Card;
  try {
    const cardholder = await cardholderId(db, stripe);
    card = await stripe.issuing.cards.create(params(cardholder)).catch(async (error: unknown) => {
      if (!isResourceMissing(error, "cardholder")) throw error;
      return stripe.issuing.cards.create(params(await cardholderId(db, stripe, cardholder)));
    });
  } catch (error) {
    if (isStripeError(error)) throw new IssuingError("stripe");
    throw error;
  }
  try {
    await db.transaction(async (tx) => {
      await tx.insert(issuingCards).values({ stripeCardId: card.id, feeRequestId: request.id, forms, createdByUserId: p.actorUserId });
      await recordAudit(tx, { actorUserId: p.actorUserId, action: "issuing.card_created", subjectType: "fee_request", subjectId: request.id, details: { card: card.id, totalCents: total } });
    });
  } catch (error) {
    // Not recorded, so never usable: cancelled at Stripe whatever went wrong.
    await stripe.issuing.cards.update(card.id, { status: "canceled" }).catch(() => undefined);
    const failure = error as { code?: string; cause?: { code?: string } };
    // Another staff member made one at the same moment: theirs stands.
    if ((failure.code ?? failure.cause?.code) === "23505") throw new IssuingError("card_exists");
    throw error;
  }
  return { cardId: card.id };
}

/**
 * Cancels open cards whose case no longer needs them: every form paid, or the case released,
 * withdrawn or closed (anything but funded). Stripe first, then our row; safe to repeat.
 */
export async function cancelSpentCards(db: Db, p: { feeRequestIds?: string[] } = {}): Promise<string[]> {
  const rows = await db
    .select({ card: issuingCards, status: feeRequests.status })
    .from(issuingCards)
    .innerJoin(feeRequests, eq(feeRequests.id, issuingCards.feeRequestId))
    .where(and(eq(issuingCards.status, "open"), p.feeRequestIds ? inArray(issuingCards.feeRequestId, p.feeRequestIds) : undefined));
  const canceled: string[] = [];
  for (const { card, status } of rows) {
    const paid = await standingForms(db, card.feeRequestId);
    if (status === "funded" && card.forms.some((f) => !paid.has(f.form))) continue;
    try {
      await getStripe().issuing.cards.update(card.stripeCardId, { status: "canceled" });
    } catch (error) {
      // A card Stripe no longer knows can pay nothing: it is cancelled here too. Any other failure
      // leaves this card open for the next run and does not stop the others.
      if (!isResourceMissing(error)) {
        console.error(`issuing card ${card.stripeCardId} not cancelled yet: ${(error as Error).name}`);
        continue;
      }
    }
    await db.update(issuingCards).set({ status: "canceled", canceledAt: new Date() }).where(eq(issuingCards.id, card.id));
    canceled.push(card.stripeCardId);
  }
  return canceled;
}

/** The case's cards for its staff page: ids and state only. */
export async function casesCards(db: Db, feeRequestId: string) {
  return db
    .select({ id: issuingCards.id, stripeCardId: issuingCards.stripeCardId, status: issuingCards.status, forms: issuingCards.forms, createdAt: issuingCards.createdAt, canceledAt: issuingCards.canceledAt })
    .from(issuingCards)
    .where(eq(issuingCards.feeRequestId, feeRequestId))
    .orderBy(issuingCards.createdAt);
}
