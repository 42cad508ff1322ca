import { describe, expect, it } from "vitest";
import { checkEligibility } from "../../app/modules/applicants/eligibility";
import { matchFor } from "../../app/modules/ledger/matches.server";
import { addDays, addYears, dayIn, isoInZone, monthRange, previousMonth, startOfDay, todayIn, yearIn, yearRange } from "../../app/modules/dates/dates";
import { formatDate, formatDateTime, formatDayOf } from "../../app/modules/dates/format";

const LA = "America/Los_Angeles";
// 6 pm on New Year's Eve in California, and half past midnight on New Year's Day there.
const eveningOf31December = new Date("2027-01-01T02:00:00Z");
const justAfterMidnight = new Date("2027-01-01T08:30:00Z");

describe("the organization's clock", () => {
  it("dates an instant by the organization's calendar, not UTC's", () => {
    expect(dayIn(eveningOf31December, LA)).toBe("2026-12-31");
    expect(dayIn(justAfterMidnight, LA)).toBe("2027-01-01");
    expect(todayIn("America/New_York", eveningOf31December)).toBe("2026-12-31");
    expect(yearIn(eveningOf31December, LA)).toBe(2026);
    expect(yearIn(justAfterMidnight, LA)).toBe(2027);
  });

  it("gives the instants a year, a month and a day begin, across daylight saving", () => {
    expect(yearRange(2026, LA)).toEqual({ start: new Date("2026-01-01T08:00:00Z"), end: new Date("2027-01-01T08:00:00Z") });
    const range = yearRange(2026, LA);
    expect(eveningOf31December >= range.start && eveningOf31December < range.end).toBe(true);
    expect(justAfterMidnight < range.end).toBe(false);
    // Summer time: the day begins at 07:00 UTC; the March month spans the change.
    expect(startOfDay("2026-07-04", LA)).toEqual(new Date("2026-07-04T07:00:00Z"));
    expect(monthRange("2026-03", LA)).toEqual({ start: new Date("2026-03-01T08:00:00Z"), end: new Date("2026-04-01T07:00:00Z") });
    expect(startOfDay("2026-03-08", LA)).toEqual(new Date("2026-03-08T08:00:00Z"));
    expect(startOfDay("2026-12-31", "Pacific/Auckland")).toEqual(new Date("2026-12-30T11:00:00Z"));
  });

  it("writes CSV timestamps in the organization's zone with the offset", () => {
    expect(isoInZone(eveningOf31December, LA)).toBe("2026-12-31T18:00:00-08:00");
    expect(isoInZone(new Date("2026-07-04T19:05:09.999Z"), LA)).toBe("2026-07-04T12:05:09-07:00");
    expect(isoInZone(eveningOf31December, "Asia/Kolkata")).toBe("2027-01-01T07:30:00+05:30");
    expect(isoInZone(eveningOf31December, "UTC")).toBe("2027-01-01T02:00:00+00:00");
  });

  it("shows an instant's date the same way as a calendar date, in each language", () => {
    expect(formatDayOf(eveningOf31December, "es", LA)).toBe(formatDate("2026-12-31", "es"));
    expect(formatDate("2026-12-31", "es")).toBe("31 de diciembre de 2026");
    expect(formatDate("2026-12-31", "en")).toBe("December 31, 2026");
    expect(formatDateTime(eveningOf31December, "en", LA)).toMatch(/^December 31, 2026 at 6:00\sPM$/);
    expect(formatDateTime(eveningOf31December, "es", LA)).toMatch(/^31 de diciembre de 2026 a las 6:00\sp\.\s?m\.$/);
  });

  it("counts calendar days, years and months without a zone: across month ends, leap days and years", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-03-08", 60)).toBe("2026-05-07");
    expect(addYears("2028-02-29", 1)).toBe("2029-03-01");
    expect(previousMonth("2027-01")).toBe("2026-12");
    expect(previousMonth("2026-11")).toBe("2026-10");
  });

  it("opens an eligibility window on the organization's day", () => {
    // Renewal opens 150 days before expiry: 2026-12-31 for an expiry on 2027-05-30.
    expect(checkEligibility("2027-05-30", todayIn(LA, new Date("2026-12-31T07:59:00Z"))).eligible).toBe(false);
    expect(checkEligibility("2027-05-30", todayIn(LA, eveningOf31December)).eligible).toBe(true);
  });

  it("matches a gift made on the last evening of the match window, not one after midnight", () => {
    const pledge = { matchCapCents: 10_000, matchedCents: 0, matchStartsOn: null, matchEndsOn: null, startsOn: "2026-12-01", endsOn: "2026-12-31", status: "approved" as const, endedAt: null };
    expect(matchFor(pledge, 2_500, dayIn(eveningOf31December, LA), eveningOf31December)).toBe(2_500);
    expect(matchFor(pledge, 2_500, dayIn(justAfterMidnight, LA), justAfterMidnight)).toBe(0);
  });
});
