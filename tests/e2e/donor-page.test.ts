/**
 * A monthly donor, in Spanish, asks for the donor page by email, opens it from the emailed link
 * and pauses the monthly gift; the page shows the pause once Stripe's webhook says so.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatMoney } from "../../app/modules/i18n/format";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { donations } from "../../db/schema";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { openDonorPageFromEmail, pauseMonthlyGift } from "../support/donor-page";

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
});
afterAll(() => suite?.stop());

const email = "mensual-e2e@example.org";

/** A monthly gift of $30, paid on the (fake) Checkout. */
async function monthlyGift() {
  const response = await fetch(`${suite.baseUrl}/campaigns/daca-renewals-2026`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: suite.baseUrl, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "es" },
    body: new URLSearchParams({ intent: "donate", amount: "other", otherAmount: "30", frequency: "monthly", email }),
  });
  expect(response.status).toBe(303);
  const sessionId = response.headers.get("location")!.split("/").pop()!;
  await suite.server.fakeStripe!.completeCheckout(sessionId);
  const [gift] = await suite.database.db.select().from(donations).where(eq(donations.stripeCheckoutSessionId, sessionId));
  return gift!;
}

describe("the donor page in Spanish", () => {
  test("a donor opens it from the emailed link and pauses a monthly gift", async () => {
    const gift = await monthlyGift();
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, locale: "es-US" });
    const page = await context.newPage();
    try {
      await openDonorPageFromEmail(page, email);
      await pauseMonthlyGift(page, formatMoney(gift.amountCents + gift.feeCoverCents, "es"));
    } finally {
      await context.close();
    }
  });
});
