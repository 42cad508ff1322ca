/**
 * A monthly donor, in Spanish, asks for the donor page by email, opens it from the emailed link
 * and pauses the monthly gift; the page shows the pause once Stripe's webhook says so.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import es from "../../app/locales/es";
import { formatMoney } from "../../app/modules/i18n/format";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { donations } from "../../db/schema";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { openDonorPageFromEmail, pauseMonthlyGift } from "../support/donor-page";
import { visible } from "../support/page-helpers";

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

  test("on a 390 px phone, without JavaScript, the receipt links are on screen and cancelling asks first", async () => {
    await monthlyGift();
    // The emailed link is opened with JavaScript; the donor session then goes on in a browser without it.
    const opening = await suite.browser.newContext({ baseURL: suite.baseUrl, locale: "es-US" });
    await openDonorPageFromEmail(await opening.newPage(), email);
    const storageState = await opening.storageState();
    await opening.close();
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, locale: "es-US", viewport: { width: 390, height: 844 }, javaScriptEnabled: false, storageState });
    const page = await context.newPage();
    try {
      await page.goto("/donor");
      const receipt = page.getByRole("link", { name: new RegExp(`^${es.donorPage.receiptHtml} `) }).first();
      await receipt.scrollIntoViewIfNeeded();
      const box = (await receipt.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: "/tmp/fixB-donor-390.png", fullPage: true });

      const cancels = page.getByRole("button", { name: es.donorPage.cancel });
      const before = await cancels.count();
      await cancels.first().click();
      await visible(page.getByRole("button", { name: es.donorPageCancel.yes }));
      await page.getByRole("link", { name: es.donorPageCancel.keep }).click();
      await page.waitForURL(/\/donor$/);
      expect(await cancels.count()).toBe(before);
      await cancels.first().click();
      await page.getByRole("button", { name: es.donorPageCancel.yes }).click();
      await visible(page.getByText(es.donorPage.requested));
      // Stripe's answer is already applied: the very next page shows the gift cancelled.
      expect(await cancels.count()).toBe(before - 1);
    } finally {
      await context.close();
    }
  });
});
