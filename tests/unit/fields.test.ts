import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignSchema } from "../../app/modules/campaigns/schema";
import { dollarsToCents } from "../../app/modules/forms/fields";
import { formatDate } from "../../app/modules/dates/format";
import { formatMoney } from "../../app/modules/i18n/format";

const validCampaign = {
  titleEn: "Renewals",
  titleEs: "Renovaciones",
  slug: "renewals-2026",
  storyEn: "Story",
  storyEs: "Historia",
  goalFees: "10",
  feeSource: "fixed",
  fixedFee: "495",
};

describe("money typed by people becomes exact cents", () => {
  const parse = dollarsToCents({ min: 1, max: 100_000_000 });

  it("reads any amount written with or without cents, commas or a dollar sign", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), (cents) => {
        const plain = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
        expect(parse.parse(plain)).toBe(cents);
        expect(parse.parse(`$${Number(plain).toLocaleString("en-US", { minimumFractionDigits: 2 })}`)).toBe(cents);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses negative, fractional cents, scientific and non-numeric input", () => {
    for (const bad of ["-5", "4.9555", "1e12", "abc", "", "4,95.5.1", "1,234,56"]) expect(parse.safeParse(bad).success, bad).toBe(false);
  });

  it("formats cents per language", () => {
    expect(formatMoney(49500, "en")).toBe("$495");
    expect(formatMoney(123450, "es")).toBe("$1,234.50");
    expect(formatDate("2024-04-01", "es")).toBe("1 de abril de 2024");
    expect(formatDate("2024-04-01", "en")).toBe("April 1, 2024");
  });
});

describe("campaign form rules", () => {
  it("accepts a complete campaign and stores the fixed fee in cents", () => {
    const result = campaignSchema.parse(validCampaign);
    expect(result.fixedFee).toBe(49500);
    expect(result.goalFees).toBe(10);
  });

  it("explains each problem on its own field", () => {
    const result = campaignSchema.safeParse({
      ...validCampaign,
      titleEn: "",
      slug: "Not A Slug!",
      storyEs: "<script>alert(1)</script>",
      goalFees: "0",
      fixedFee: "",
      startsOn: "2026-05-01",
      endsOn: "2026-04-01",
    });
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message.split("|")[0]]));
    expect(fields).toMatchObject({
      titleEn: "errors.required",
      slug: "errors.slug",
      storyEs: "errors.noMarkup",
      goalFees: "errors.numberRange",
      fixedFee: "errors.fixedFeeRequired",
      endsOn: "errors.endBeforeStart",
    });
  });
});
