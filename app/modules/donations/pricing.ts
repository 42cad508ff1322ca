/** Stripe's standard US card pricing, configurable: basis points plus a fixed fee in cents, optionally capped. */
export type CardRate = { basisPoints: number; fixedCents: number; capCents?: number | null };
export const standardUsCardRate: CardRate = { basisPoints: 290, fixedCents: 30 };
/** ACH Direct Debit: 0.8%, capped at $5 (ADR 0026). */
export const standardUsBankRate: CardRate = { basisPoints: 80, fixedCents: 0, capCents: 500 };

/** How the donor pays: "card" also covers wallets (Apple Pay, Google Pay, Link), which Stripe prices as cards. */
export type PaymentMethodChoice = "card" | "bank";
export type FeeRates = Record<PaymentMethodChoice, CardRate>;

export const stripeFee = (chargeCents: number, rate: CardRate) => {
  const fee = Math.round((chargeCents * rate.basisPoints) / 10_000) + rate.fixedCents;
  return rate.capCents == null ? fee : Math.min(fee, rate.capCents);
};

/** What paying by bank instead of card saves the fund on a gift. */
export const bankSaving = (giftCents: number, rates: FeeRates) => Math.max(0, stripeFee(giftCents, rates.card) - stripeFee(giftCents, rates.bank));

/**
 * The smallest extra amount that lets the campaign net the whole gift after the card fee on
 * gift + cover. Integer cents throughout.
 */
export function feeCoverFor(giftCents: number, rate: CardRate = standardUsCardRate): number {
  // With a cap, the cap itself always covers the fee; the uncapped cover is smaller for small gifts.
  if (rate.capCents != null) return Math.min(rate.capCents, feeCoverFor(giftCents, { basisPoints: rate.basisPoints, fixedCents: rate.fixedCents }));
  let total = Math.ceil(((giftCents + rate.fixedCents) * 10_000) / (10_000 - rate.basisPoints));
  while (total - stripeFee(total, rate) < giftCents) total++;
  while (total - 1 - stripeFee(total - 1, rate) >= giftCents) total--;
  return total - giftCents;
}

/** "Fund one renewal", half, a quarter: presets tied to the campaign's fee. */
export function presetAmounts(feeCents: number): { key: "full" | "half" | "quarter"; cents: number }[] {
  return [
    { key: "full", cents: feeCents },
    { key: "half", cents: Math.round(feeCents / 2) },
    { key: "quarter", cents: Math.round(feeCents / 4) },
  ];
}
