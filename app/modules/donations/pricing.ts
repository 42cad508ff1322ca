/** Stripe's standard US card pricing, configurable: basis points plus a fixed fee in cents. */
export type CardRate = { basisPoints: number; fixedCents: number };
export const standardUsCardRate: CardRate = { basisPoints: 290, fixedCents: 30 };

export const stripeFee = (chargeCents: number, rate: CardRate) =>
  Math.round((chargeCents * rate.basisPoints) / 10_000) + rate.fixedCents;

/**
 * The smallest extra amount that lets the campaign net the whole gift after the card fee on
 * gift + cover. Integer cents throughout.
 */
export function feeCoverFor(giftCents: number, rate: CardRate = standardUsCardRate): number {
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
