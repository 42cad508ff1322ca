import type Stripe from "stripe";
import { invalid, missing } from "./errors";
import type { EventRequest } from "./events";
import { buildBalanceTransaction, buildDispute, buildRefund } from "./payments";
import { FakeUsageError, type World } from "./world";

/**
 * Money going back: refunds (an API call; events are delivered in the background) and disputes
 * (driver calls; they resolve once their events have been delivered).
 */

// Refunds (API)

export function createRefund(
  world: World,
  input: { charge?: string; paymentIntent?: string; amount?: number; reason: Stripe.Refund.Reason | null; metadata: Record<string, string> },
  request?: EventRequest,
): Stripe.Refund {
  let charge: Stripe.Charge | undefined;
  if (input.charge) {
    charge = world.store.charges.get(input.charge);
    if (!charge) missing("charge", input.charge, "charge");
  } else if (input.paymentIntent) {
    const pi = world.store.paymentIntents.get(input.paymentIntent);
    if (!pi) missing("payment_intent", input.paymentIntent, "payment_intent");
    charge = typeof pi.latest_charge === "string" ? world.store.charges.get(pi.latest_charge) : undefined;
    if (!charge || pi.status !== "succeeded") {
      invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, "payment_intent", "charge_not_refundable");
    }
  } else {
    invalid("One of the following params should be provided for this request: payment_intent or charge.", undefined, "parameter_missing");
  }
  if (charge.status !== "succeeded") invalid(`Charge ${charge.id} has not succeeded and cannot be refunded.`, "charge", "charge_not_refundable");
  const dispute = world.store.disputeOf(charge.id);
  if (dispute && !dispute.is_charge_refundable) {
    invalid(`Charge ${charge.id} has been charged back; cannot issue a refund.`, "charge", "charge_disputed");
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) invalid(`Charge ${charge.id} has already been refunded.`, "charge", "charge_already_refunded");
  const amount = input.amount ?? remaining;
  if (amount <= 0) invalid("Invalid positive integer", "amount", "parameter_invalid_integer");
  if (amount > remaining) {
    invalid(
      `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
      "amount",
      "amount_too_large",
    );
  }
  const refund = buildRefund({ charge, amount, balanceTransaction: "", reason: input.reason, metadata: input.metadata });
  const txn = buildBalanceTransaction({
    amount: -amount,
    fee: 0,
    feeDescription: "",
    currency: charge.currency,
    source: refund.id,
    type: "refund",
    reportingCategory: "refund",
    description: "REFUND FOR CHARGE",
  });
  world.store.balanceTransactions.set(txn.id, txn);
  refund.balance_transaction = txn.id;
  world.store.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  void world.emit("charge.refunded", charge, previous, request);
  void world.emit("refund.created", refund, undefined, request);
  return refund;
}

// Disputes (driver)

export async function openDispute(world: World, chargeId: string, opts: { reason?: string } = {}): Promise<{ disputeId: string }> {
  const charge = world.store.charges.get(chargeId);
  if (!charge) throw new FakeUsageError(`No such charge: ${chargeId}`);
  if (charge.status !== "succeeded") throw new FakeUsageError(`Charge ${chargeId} did not succeed; it cannot be disputed`);
  if (world.store.disputeOf(chargeId)) throw new FakeUsageError(`Charge ${chargeId} is already disputed`);
  const amount = charge.amount - charge.amount_refunded;
  if (amount <= 0) throw new FakeUsageError(`Charge ${chargeId} is fully refunded; it cannot be disputed`);
  const dispute = buildDispute({ charge, amount, reason: opts.reason ?? "fraudulent" });
  world.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  void world.emit("charge.dispute.created", dispute);
  const withdrawal = buildBalanceTransaction({
    amount: -amount,
    fee: world.fees.disputeFeeCents,
    feeDescription: "Dispute fee",
    currency: charge.currency,
    source: dispute.id,
    type: "adjustment",
    reportingCategory: "dispute",
    description: `Chargeback withdrawal for ${charge.id}`,
  });
  world.store.balanceTransactions.set(withdrawal.id, withdrawal);
  dispute.balance_transactions.push(withdrawal);
  await world.emit("charge.dispute.funds_withdrawn", dispute);
  return { disputeId: dispute.id };
}

/**
 * Closes a dispute. Won: the disputed amount comes back (`charge.dispute.funds_reinstated`);
 * the dispute fee is not returned. Lost: nothing comes back.
 */
export async function closeDispute(world: World, disputeId: string, outcome: "won" | "lost"): Promise<void> {
  const dispute = world.store.disputes.get(disputeId);
  if (!dispute) throw new FakeUsageError(`No such dispute: ${disputeId}`);
  if (dispute.status === "won" || dispute.status === "lost") throw new FakeUsageError(`Dispute ${disputeId} is already ${dispute.status}`);
  const previous = { status: dispute.status };
  dispute.status = outcome;
  if (outcome === "lost") {
    await world.emit("charge.dispute.closed", dispute, previous);
    return;
  }
  const charge = dispute.charge as string;
  const reinstatement = buildBalanceTransaction({
    amount: dispute.amount,
    fee: 0,
    feeDescription: "",
    currency: dispute.currency,
    source: dispute.id,
    type: "adjustment",
    reportingCategory: "dispute_reversal",
    description: `Chargeback reversal for ${charge}`,
  });
  world.store.balanceTransactions.set(reinstatement.id, reinstatement);
  dispute.balance_transactions.push(reinstatement);
  void world.emit("charge.dispute.closed", dispute, previous);
  await world.emit("charge.dispute.funds_reinstated", dispute);
}
