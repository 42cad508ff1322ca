import { describe, expect, it } from "vitest";
import { labelledIndexes, monthLabel, moneyAxis } from "../../app/components/chart-scale";

describe("chart money axis", () => {
  it("puts guides at round whole-dollar amounts from zero to at or above the largest value", () => {
    for (const max of [0, 1, 99, 241_688, 69_500, 1_234_567, 5_000_000, 100]) {
      const { top, ticks } = moneyAxis(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBe(top);
      expect(top).toBeGreaterThanOrEqual(max);
      const step = ticks[1]! - ticks[0]!;
      expect(step % 100).toBe(0);
      expect([1, 2, 5]).toContain(step / 10 ** Math.floor(Math.log10(step)));
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
    // The case from the issue: $2,416.88 raised gives guides of $0, $1,000, $2,000 and $3,000, not $1,208.44.
    expect(moneyAxis(241_688).ticks).toEqual([0, 100_000, 200_000, 300_000]);
  });
});

describe("chart months", () => {
  it("names calendar months in Spanish and English, never as ISO", () => {
    expect(monthLabel("2026-11", "es", "long")).toBe("noviembre de 2026");
    expect(monthLabel("2026-11", "en", "long")).toBe("November 2026");
    expect(monthLabel("2026-01", "en")).toBe("Jan 2026");
    expect(monthLabel("2026-01", "es")).toMatch(/^ene\.? 2026$/);
  });

  it("labels at most six months and always the last", () => {
    expect([...labelledIndexes(3)].sort()).toEqual([0, 1, 2]);
    const many = labelledIndexes(25);
    expect(many.size).toBeLessThanOrEqual(6);
    expect(many.has(24)).toBe(true);
  });
});
