import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEligibility } from "../../app/modules/applicants/eligibility";
import { todayIn } from "../../app/modules/dates/dates";

describe("who can ask for help with a renewal", () => {
  it("opens 150 days before the DACA expiration date", () => {
    expect(checkEligibility("2026-07-01", "2026-02-01")).toEqual({ eligible: true });
    expect(checkEligibility("2026-07-01", "2026-01-31")).toEqual({ eligible: false, reason: "too_early", opensOn: "2026-02-01" });
  });

  it("still helps on the expiration date and until it has been expired for a year", () => {
    expect(checkEligibility("2026-07-01", "2026-07-01")).toEqual({ eligible: true });
    expect(checkEligibility("2025-07-01", "2026-06-30")).toEqual({ eligible: true });
    expect(checkEligibility("2025-07-01", "2026-07-01")).toEqual({ eligible: false, reason: "expired_too_long" });
  });

  it("counts a leap day's year to the first of March", () => {
    expect(checkEligibility("2024-02-29", "2025-02-28")).toEqual({ eligible: true });
    expect(checkEligibility("2024-02-29", "2025-03-01")).toEqual({ eligible: false, reason: "expired_too_long" });
  });

  it("agrees with a day count for any dates: eligible exactly inside [expiry − 150 days, expiry + 1 year)", () => {
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -800, max: 800 }), (expiryDay, offset) => {
        const expiry = Date.UTC(2000, 0, 1) + expiryDay * day;
        const today = expiry + offset * day;
        const yearLater = new Date(expiry);
        yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
        const expected = offset >= -150 && today < yearLater.getTime();
        expect(checkEligibility(iso(expiry), iso(today)).eligible).toBe(expected);
      }),
    );
  });

  it("takes today's date where the organization is", () => {
    const lateEvening = new Date("2026-03-02T06:30:00Z");
    expect(todayIn("America/Los_Angeles", lateEvening)).toBe("2026-03-01");
    expect(todayIn("America/New_York", lateEvening)).toBe("2026-03-02");
  });
});
