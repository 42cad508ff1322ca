import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { feeRequests, issuingCards } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { fundQueue } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { makeApprovedRequest, makeCampaign } from "./ledger";

/** 2025 schedule, online filing: $85 DACA (I-821D) + $470 work permit (I-765). */
export const FORMS_555 = [
  { form: "I-821D", amountCents: 8500 },
  { form: "I-765", amountCents: 47000 },
];

/** A schedule-priced campaign with one funded online case. */
export async function fundedCase(db: Db, staffId: string) {
  const campaign = await makeCampaign(db, staffId, { feeSource: "schedule", fixedFee: undefined });
  const request = await makeApprovedRequest(db, campaign.id);
  await recordDonation(db, { campaignId: campaign.id, idempotencyKey: `gift-${request.id}`, giftCents: 60_000 });
  await fundQueue(db, { campaignId: campaign.id });
  const [row] = await db.select().from(feeRequests).where(eq(feeRequests.id, request.id));
  if (row!.status !== "funded") throw new Error(`case not funded: ${row!.status}`);
  return { campaign, request: row! };
}

/** A card row as createCaseCard leaves it, without Stripe (for decisions alone). */
export async function cardRow(db: Db, feeRequestId: string, stripeCardId = `ic_test_${Math.random().toString(36).slice(2)}`) {
  await db.insert(issuingCards).values({ stripeCardId, feeRequestId, forms: FORMS_555 });
  return stripeCardId;
}

/** An authorization request as Stripe sends it (only the fields the decision reads). */
export function authorizationRequest(card: string, amount: number, overrides: { category?: string; country?: string } = {}): Stripe.Issuing.Authorization {
  return {
    id: `iauth_test_${Math.random().toString(36).slice(2)}${Date.now()}`,
    object: "issuing.authorization",
    amount: 0,
    currency: "usd",
    card: { id: card } as Stripe.Issuing.Card,
    merchant_data: { category: overrides.category ?? "government_services", country: overrides.country ?? "US" } as Stripe.Issuing.Authorization.MerchantData,
    pending_request: { amount, currency: "usd" } as Stripe.Issuing.Authorization.PendingRequest,
  } as Stripe.Issuing.Authorization;
}
