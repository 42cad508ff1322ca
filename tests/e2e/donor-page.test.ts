/**
 * A monthly donor, in Spanish, asks for the donor page by email, opens it from the emailed link
 * and pauses the monthly gift; the page shows the pause once Stripe's webhook says so.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import es from "../../app/locales/es";
import { formatMoney } from "../../app/modules/i18n/format";
import { demoOrganization } from "../../app/modules/seed/demo-content";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { donations } from "../../db/schema";
import { expectAccessible } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { followEmailLink, heading, openNewestEmail, visible } from "../support/page-helpers";

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
      await page.goto("/donor?lng=es");
      expect(await heading(page)).toBe(es.donorPage.title);
      await expectAccessible(page);
      await page.getByLabel(es.donate.email).fill(email);
      await page.getByRole("button", { name: es.donorPage.send }).click();
      await visible(page.getByText(es.donorPage.sent));

      // The receipt went to the same address first: wait for the link's email to be the newest.
      let body = await openNewestEmail(page, email);
      await expect.poll(async () => ((await heading(page)) === fillTemplate(es.donorEmail.link.subject, { organizationName: demoOrganization.name }) ? true : ((body = await openNewestEmail(page, email)), false)), { timeout: 10_000 }).toBe(true);
      await followEmailLink(page, body.getByRole("link", { name: /\/donor\/link\// }).first());
      await page.waitForURL(/\/donor\/link\//);
      expect(await heading(page)).toBe(es.donorPage.openTitle);
      await page.getByRole("button", { name: es.donorPage.openButton }).click();
      await page.waitForURL(/\/donor$/);

      const params = { amount: formatMoney(gift.amountCents + gift.feeCoverCents, "es"), campaign: "" };
      await visible(page.getByRole("heading", { name: es.donorPage.monthlyTitle }));
      await expectAccessible(page);
      await page.getByRole("button", { name: es.donorPage.pause }).click();
      await visible(page.getByText(es.donorPage.requested));
      // The page follows the webhook: reload until Stripe's word has arrived.
      await expect
        .poll(async () => {
          await page.reload();
          return page.locator("li [role=status]").first().innerText();
        }, { timeout: 10_000 })
        .toContain(fillTemplate(es.donorPage.monthlyPaused, params).split(": ")[1]!);
      await visible(page.getByRole("button", { name: es.donorPage.resume }));
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
