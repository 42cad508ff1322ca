import { describe, expect, it } from "vitest";
import { redactPath } from "../../server/security";

describe("request log paths", () => {
  it.each([
    ["/case/abcdefghij234567", "/case/:token"],
    ["/case/abcdefghij234567.data", "/case/:token"],
    ["/case/email/zzzz-token", "/case/email/:token"],
    ["/donor/manage/eyJhbGciOi.sig", "/donor/manage/:token"],
    ["/donor/link/k3y-t0ken", "/donor/link/:token"],
    ["/donor/link/k3y-t0ken.data", "/donor/link/:token"],
    ["/unsubscribe/dGVzdGVyNEBleGFtcGxlLmNvbQ.sig", "/unsubscribe/:token"],
  ])("logs %s without its secret", (path, logged) => {
    expect(redactPath(path)).toBe(logged);
  });

  it.each(["/case", "/case/resend", "/case/contact", "/case/withdraw", "/donor", "/donor/manage", "/campaigns/daca-renewals-2026"])("keeps %s as it is", (path) => {
    expect(redactPath(path)).toBe(path);
  });
});
