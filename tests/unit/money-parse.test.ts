import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../app/modules/i18n/format";
import { parseMoney } from "../../app/modules/money/parse";

const wide = { min: 0, max: 10_000_000_000_000 };
const cents = (text: string) => {
  const parsed = parseMoney(text, wide);
  return parsed.ok ? parsed.cents : parsed.error;
};

describe("an amount typed by a person is read as they meant it, in English or Spanish", () => {
  it.each([
    // a point is a decimal mark
    ["50", 5_000],
    ["50.00", 5_000],
    ["50.5", 5_050],
    ["0.50", 50],
    [".5", 50],
    // a comma with one or two final digits is a decimal mark
    ["50,00", 5_000],
    ["25,5", 2_550],
    ["0,99", 99],
    ["1,23", 123],
    [",75", 75],
    // a point or comma before groups of three digits separates thousands
    ["1,000", 100_000],
    ["1.000", 100_000],
    ["1,234.56", 123_456],
    ["1.234,56", 123_456],
    ["1,234,567", 123_456_700],
    ["1.234.567,8", 123_456_780],
    ["12,345.6", 1_234_560],
    ["4.955", 495_500],
    // spaces and a leading "$" are ignored
    ["$50", 5_000],
    [" $ 1 234,56 ", 123_456],
    ["$1,234.56", 123_456],
    ["10 000", 1_000_000],
    ["\u00a01\u202f000,50", 100_050],
    ["0050", 5_000],
  ])("%j is %i cents", (text, expected) => {
    expect(cents(text)).toBe(expected);
  });

  it.each([
    // never guessed: anything else is a field error
    "diez",
    "-5",
    "+5",
    "5-",
    "1e3",
    "50.",
    "50,",
    "4,955.5.1",
    "1,234,56", // one mark cannot be both the thousands and the decimal mark
    "1.234.56",
    "1,2345",
    "12,34,567",
    "1,234.567",
    "0.500", // a thousands group never starts with 0
    "0,500",
    "01,000",
    "$$5",
    "5$",
    "US$5",
    "€5",
    "5 USD",
    "$",
    ".",
    ",",
    "١٢",
    "５",
    "1'000",
    "1_000",
  ])("%j is refused", (text) => {
    expect(cents(text)).toBe("format");
  });

  it("tells a blank field from a wrong one, and a wrong one from an amount out of bounds", () => {
    expect(cents("")).toBe("blank");
    expect(cents("   ")).toBe("blank");
    expect(parseMoney("0", { min: 100, max: 1_000_000 })).toEqual({ ok: false, error: "range" });
    expect(parseMoney("10,000.01", { min: 100, max: 1_000_000 })).toEqual({ ok: false, error: "range" });
    expect(parseMoney("10.000", { min: 100, max: 1_000_000 })).toEqual({ ok: true, cents: 1_000_000 });
    expect(parseMoney("99999999999999999999999", { min: 100, max: 1_000_000 })).toEqual({ ok: false, error: "range" });
  });

  it("reads back every amount the app writes, in both languages", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom("en" as const, "es" as const), (amount, language) => {
        expect(cents(formatMoney(amount, language))).toBe(amount);
      }),
      { numRuns: 2_000 },
    );
  });

  it("reads every way people write an amount, and none is ever 100 times what they meant", () => {
    const written = fc
      .record({
        dollars: fc.integer({ min: 0, max: 9_999_999 }),
        cents: fc.integer({ min: 0, max: 99 }),
        group: fc.constantFrom(",", ".", " ", ""),
        decimals: fc.constantFrom("none", "one", "two"),
        dollarSign: fc.boolean(),
        decimalMark: fc.constantFrom(".", ","),
      })
      .filter((w) => w.decimals !== "one" || w.cents % 10 === 0)
      .map((w) => {
        const decimal = w.group === "," ? "." : w.group === "." ? "," : w.decimalMark;
        const whole = String(w.dollars).replace(/\B(?=(\d{3})+(?!\d))/g, w.group);
        const fraction = w.decimals === "none" ? "" : w.decimals === "one" ? `${decimal}${w.cents / 10}` : `${decimal}${String(w.cents).padStart(2, "0")}`;
        const meant = w.dollars * 100 + (w.decimals === "none" ? 0 : w.cents);
        return { text: `${w.dollarSign ? "$" : ""}${whole}${fraction}`, meant };
      });
    fc.assert(
      fc.property(written, ({ text, meant }) => {
        const read = cents(text);
        expect(read, text).toBe(meant);
      }),
      { numRuns: 3_000 },
    );
  });

  it("never reads any text as 100 times an amount it could mean", () => {
    // Whatever a person types, the result is either refused or the same digits with the cents
    // where the last mark put them: dropping every mark never gives a smaller number of dollars.
    fc.assert(
      fc.property(fc.stringMatching(/^\$?[0-9 .,]{1,14}$/), (text) => {
        const read = parseMoney(text, wide);
        if (!read.ok) return;
        const compact = text.replace(/\s/g, "");
        const digits = compact.replace(/\D/g, "");
        const trailing = /[.,](\d{1,2})$/.exec(compact)?.[1];
        const expected = trailing ? Number(digits) * 10 ** (2 - trailing.length) : Number(digits) * 100;
        expect(read.cents, text).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });
});
