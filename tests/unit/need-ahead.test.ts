import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MIN_GROUP, NEED_HORIZONS, needAhead, publishableBuckets, type WaitingCase } from "../../app/modules/campaigns/need-ahead";

const fee = 55_500;
const queue = fc.array(
  fc.record({ feeCents: fc.constantFrom(55_500, 60_500, 49_500), daysUntilExpiry: fc.oneof(fc.integer({ min: -60, max: 400 }), fc.constantFrom(30, 31, 60, 61, 90, 91, 150, 151)) }),
  { maxLength: 60 },
);
const exactCounts = (cases: readonly WaitingCase[]) => NEED_HORIZONS.map((days) => cases.filter((c) => c.daysUntilExpiry <= days).length);

describe("the need ahead never reveals a small group (ADR 0026)", () => {
  it("every difference between published counts, zero and requests_waiting is 0 or at least 5, even read exactly", () => {
    fc.assert(
      fc.property(queue, fc.integer({ min: 0, max: 5_000_000 }), (cases, pool) => {
        const buckets = needAhead(cases, pool);
        const counts = exactCounts(cases);
        // An attacker may recover exact counts (from amounts and the public pool): test the exact figures.
        // requests_waiting (and zero) were public before: only differences with a new figure are checked.
        const published = counts.filter((_, i) => buckets[i]!.published);
        for (const a of published) for (const b of [0, cases.length, ...published]) {
          const gap = Math.abs(a - b);
          expect(gap === 0 || gap >= MIN_GROUP, `gap ${gap} between ${a} and ${b}`).toBe(true);
        }
        for (const b of buckets.filter((b) => !b.published)) expect([b.cases, b.neededCents]).toEqual([null, null]);
      }),
      { numRuns: 2000 },
    );
  });

  it("amounts differ only by the fees of 0 or at least 5 cases", () => {
    fc.assert(
      fc.property(queue, (cases) => {
        const uniform = cases.map((c) => ({ ...c, feeCents: fee }));
        const amounts = needAhead(uniform, 0).flatMap((b) => (b.published ? [b.neededCents!] : []));
        for (const a of amounts) for (const b of [0, uniform.length * fee, ...amounts]) {
          const cases = Math.abs(a - b) / fee;
          expect(cases === 0 || cases >= MIN_GROUP).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("publishes every bucket when no group is small, with counts rounded to 5", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: MIN_GROUP, max: 30 })), { minLength: 5, maxLength: 5 }), ([g30, ...rest]) => {
        const groups = [Math.max(g30!, MIN_GROUP), ...rest];
        const counts = groups.slice(0, 4).map((_, i) => groups.slice(0, i + 1).reduce((a, b) => a + b, 0));
        expect(publishableBuckets(counts, groups.reduce((a, b) => a + b, 0))).toEqual([true, true, true, true]);
      }),
    );
    const cases = [...Array(7)].map(() => ({ feeCents: fee, daysUntilExpiry: 10 }));
    expect(needAhead(cases, 0)[0]).toEqual({ days: 30, published: true, cases: 5, neededCents: 7 * fee });
  });

  it("hides a bucket under 5, and one whose neighbour would leave 1–4 cases", () => {
    const at = (days: number, n: number) => [...Array(n)].map(() => ({ feeCents: fee, daysUntilExpiry: days }));
    expect(needAhead(at(10, 4), 0).map((b) => b.published)).toEqual([false, false, false, false]);
    // 30 days: 6; 60 days: 8 (only 2 more: hidden); 90 days: 12; nothing later; waiting 12.
    expect(needAhead([...at(10, 6), ...at(45, 2), ...at(80, 4)], 0).map((b) => b.published)).toEqual([true, false, true, true]);
    // Everything within 150 days is 9 of 11 waiting: showing it would tell that 2 expire later.
    expect(needAhead([...at(10, 9), ...at(300, 2)], 0).map((b) => b.published)).toEqual([false, false, false, false]);
    // The money the fund holds comes off what is needed.
    expect(needAhead(at(10, 5), 2 * fee)[0]!.neededCents).toBe(3 * fee);
    expect(needAhead(at(10, 5), 9 * fee)[0]!.neededCents).toBe(0);
  });
});
