import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { fundraisers, users } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { translator } from "../i18n/translator";
import { recordProcessingFee } from "../ledger/gifts.server";
import { recordMatchPaid } from "../ledger/transfers.server";
import { getStripe } from "../payments/stripe.server";
import { organizationToday } from "../organization/clock.server";
import type { Fundraiser } from "./fundraisers.server";
import { publicUrl } from "../http/public-url.server";

export class MatchPaymentUnavailableError extends Error {}

/** The pledge's state for the page, the dashboard and staff. */
export function matchStatus(f: Fundraiser, on: string) {
  const cap = f.matchCapCents ?? 0;
  const endsOn = f.matchEndsOn ?? f.endsOn;
  const over = f.status === "ended" || endsOn < on;
  return {
    pledged: cap > 0,
    capCents: cap,
    matchedCents: f.matchedCents,
    remainingCents: Math.max(0, cap - f.matchedCents),
    paidCents: f.matchPaidCents,
    owedCents: f.matchedCents - f.matchPaidCents,
    startsOn: f.matchStartsOn ?? f.startsOn,
    endsOn,
    /** The pledge has ended: what was matched is now due. */
    due: cap > 0 && over && f.matchedCents > f.matchPaidCents,
  };
}

/**
 * Opens Stripe Checkout for what the host owes on an ended pledge. The session is keyed by the
 * amount owed, so clicking twice gives the same session rather than a second charge.
 */
export async function startMatchPayment(db: Db, p: { fundraiser: Fundraiser; language: Language }): Promise<string> {
  const status = matchStatus(p.fundraiser, await organizationToday(db));
  if (!status.due) throw new MatchPaymentUnavailableError("nothing due");
  const [host] = await db.select({ email: users.email }).from(users).where(eq(users.id, p.fundraiser.hostUserId));
  const t = translator(p.language);
  const appUrl = publicUrl();
  const metadata = { match_fundraiser_id: p.fundraiser.id, campaign_id: p.fundraiser.campaignId };
  try {
    const session = await getStripe().checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: "usd", unit_amount: status.owedCents, product_data: { name: t("host.match.lineItem", { title: p.fundraiser.title }) } },
          },
        ],
        customer_email: host?.email,
        locale: p.language,
        client_reference_id: p.fundraiser.id,
        metadata,
        payment_intent_data: { metadata, description: t("host.match.lineItem", { title: p.fundraiser.title }) },
        success_url: `${appUrl}/host/fundraisers/${p.fundraiser.id}?match=paid`,
        cancel_url: `${appUrl}/host/fundraisers/${p.fundraiser.id}/pay-match`,
      },
      { idempotencyKey: `match:${p.fundraiser.id}:${status.owedCents}:${status.paidCents}` },
    );
    return session.url ?? `/host/fundraisers/${p.fundraiser.id}`;
  } catch (error) {
    throw new MatchPaymentUnavailableError((error as Error).name);
  }
}

/**
 * A host's match payment succeeded on Stripe: it settles the receivable into the pool (once per
 * payment), and Stripe's fee on it is recorded like any card fee.
 */
export async function syncMatchPayment(db: Db, pi: Stripe.PaymentIntent): Promise<void> {
  const fundraiserId = pi.metadata?.match_fundraiser_id;
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  if (!fundraiserId || pi.status !== "succeeded" || !charge || charge.status !== "succeeded") return;
  const [f] = await db.select().from(fundraisers).where(eq(fundraisers.id, fundraiserId));
  if (!f || pi.currency !== "usd") return;
  const owed = f.matchedCents - f.matchPaidCents;
  const amount = Math.min(pi.amount, owed);
  if (amount > 0) await recordMatchPaid(db, { campaignId: f.campaignId, fundraiserId: f.id, amountCents: amount, idempotencyKey: `match-paid:${pi.id}` });
  const bt = typeof charge.balance_transaction === "object" ? charge.balance_transaction : null;
  if (bt && bt.fee > 0) await recordProcessingFee(db, { campaignId: f.campaignId, idempotencyKey: `fee:${bt.id}`, feeCents: bt.fee, memo: "match payment fee" });
}
