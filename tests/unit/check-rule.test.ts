import { describe, expect, it } from "vitest";
import { checkRefused } from "../../app/modules/funding/check-rule";
import { disbursementSchemaFor } from "../../app/modules/funding/schema";

describe("USCIS takes no checks from 2025-10-28", () => {
  it("refuses a check on or after the cut-off without a G-1651 exemption, and nothing else", () => {
    expect(checkRefused({ method: "check", paidOn: "2025-10-28", g1651Exemption: false })).toBe(true);
    expect(checkRefused({ method: "check", paidOn: "2025-10-27", g1651Exemption: false })).toBe(false);
    expect(checkRefused({ method: "check", paidOn: "2026-01-05", g1651Exemption: true })).toBe(false);
    expect(checkRefused({ method: "g1450_card", paidOn: "2026-01-05", g1651Exemption: false })).toBe(false);
  });

  it("the payment form puts the error on the method field", () => {
    const form = { method: "check", paidOn: "2025-10-28", lines: [{ form: "I-821D", amount: "495" }] };
    const result = disbursementSchemaFor({ g1651Exemption: false }).safeParse(form);
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ path: ["method"], message: 'errors.checkNotAccepted|{"date":"2025-10-28"}' })]);
    expect(disbursementSchemaFor({ g1651Exemption: true }).safeParse(form).success).toBe(true);
  });
});
