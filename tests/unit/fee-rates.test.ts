import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bankSaving, feeCoverFor, standardUsBankRate, standardUsCardRate, stripeFee } from "../../app/modules/donations/pricing";

const rates = { card: standardUsCardRate, bank: standardUsBankRate };

describe("fee rates per payment method (ADR 0026)", () => {
  it("a bank payment costs 0.8%, at most $5; paying $555 by bank saves the fund about $12", () => {
    expect(stripeFee(55_500, standardUsBankRate)).toBe(444);
    expect(stripeFee(1_000_000, standardUsBankRate)).toBe(500);
    expect(stripeFee(55_500, standardUsCardRate)).toBe(1640);
    expect(bankSaving(55_500, rates)).toBe(1196);
  });

  it("the bank cover is the smallest amount that lets the fund net the whole gift, the cap included", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 99_000_000 }), (gift) => {
        const cover = feeCoverFor(gift, standardUsBankRate);
        expect(gift + cover - stripeFee(gift + cover, standardUsBankRate)).toBeGreaterThanOrEqual(gift);
        expect(gift + cover - 1 - stripeFee(gift + cover - 1, standardUsBankRate)).toBeLessThan(gift);
        expect(cover).toBeLessThanOrEqual(500);
        expect(cover).toBeLessThanOrEqual(feeCoverFor(gift, standardUsCardRate));
      }),
    );
  });
});
