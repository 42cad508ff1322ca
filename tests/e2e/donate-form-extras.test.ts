/**
 * What the donate form tells a donor before checkout, on a phone, in Chromium: the card fee for
 * the amount chosen (live with JavaScript, the rule without), the "Donate" link at the top
 * that jumps down to the form, and that a double click sends one gift to one Checkout.
 */
import { eq } from "drizzle-orm";
import type { BrowserContext } from "playwright-core";
import { donations } from "../../db/schema";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { feeCoverFor, standardUsCardRate } from "../../app/modules/donations/pricing";
import { formatMoney } from "../../app/modules/i18n/format";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { waitForHydration } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
});
afterAll(() => suite?.stop());

const phone = (javaScriptEnabled: boolean, locale = "en-US"): Promise<BrowserContext> =>
  suite.browser.newContext({ baseURL: suite.baseUrl, locale, javaScriptEnabled, viewport: { width: 390, height: 844 } });
const rate = "2.9% + $0.30";

describe("the donate form on a phone", () => {
  test("with JavaScript, shows what covering the card fee adds for the amount chosen, as the donor changes it", async () => {
    const context = await phone(true);
    const page = await context.newPage();
    try {
      await page.goto("/campaigns/daca-renewals-2026?lng=en");
      await waitForHydration(page);
      const hint = page.locator("#donate-fee-hint");
      const adds = (cents: number) =>
        fillTemplate(en.donate.coverFeesAmount, { fee: formatMoney(feeCoverFor(cents, standardUsCardRate), "en"), gift: formatMoney(cents, "en"), rate });
      await expect.poll(() => hint.innerText()).toBe(adds(55_500));
      await page.getByLabel(fillTemplate(en.donate.preset.half, { amount: "$277.50" })).check();
      await expect.poll(() => hint.innerText()).toBe(adds(27_750));
      await page.getByLabel(en.donate.preset.other, { exact: true }).check();
      await expect.poll(() => hint.innerText()).toBe(fillTemplate(en.donate.coverFeesRule, { rate }));
      await page.getByLabel(en.donate.otherAmount).pressSequentially("40", { delay: 80 });
      await expect.poll(() => hint.innerText()).toBe(adds(4_000));
    } finally {
      await context.close();
    }
  });

  test("without JavaScript, states the rule; the Donate link near the top brings the form into view", async () => {
    const context = await phone(false, "es-US");
    const page = await context.newPage();
    try {
      await page.goto("/campaigns/daca-renewals-2026?lng=es");
      expect(await page.locator("#donate-fee-hint").innerText()).toBe(fillTemplate(es.donate.coverFeesRule, { rate }));
      const give = page.getByRole("heading", { name: es.donate.heading });
      const jump = page.getByRole("link", { name: es.donate.jump, exact: true });
      // Within the first screen, while the form itself is far below it.
      expect((await jump.boundingBox())!.y).toBeLessThan(844);
      expect((await give.boundingBox())!.y).toBeGreaterThan(1_500);
      await jump.click();
      await expect.poll(async () => (await give.boundingBox())!.y).toBeLessThan(100);
      expect((await give.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    } finally {
      await context.close();
    }
  });

  test("with JavaScript, a double click on the button sends one gift; the button waits in place, disabled", async () => {
    const context = await phone(true, "es-US");
    const page = await context.newPage();
    try {
      await page.goto("/campaigns/daca-renewals-2026?lng=es");
      await waitForHydration(page);
      await page.getByLabel(es.donate.email).fill("doble@example.org");
      const button = page.getByRole("button", { name: es.donate.submit });
      await button.scrollIntoViewIfNeeded();
      const before = await button.boundingBox();
      // Hold the answer, as a slow network would, to look at the form while it is sent.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/campaigns/daca-renewals-2026*", async (route) => {
        if (route.request().method() === "POST") await held;
        await route.continue();
      });
      await button.dblclick();
      await expect.poll(() => button.isDisabled()).toBe(true);
      expect(await button.boundingBox()).toEqual(before);
      release();
      await page.waitForURL(/\/demo-checkout\/cs_/);
      const gifts = await suite.database.db.select().from(donations).where(eq(donations.donorEmail, "doble@example.org"));
      expect(gifts).toHaveLength(1);
      expect(page.url()).toBe(gifts[0]!.stripeCheckoutUrl);
    } finally {
      await context.close();
    }
  });
});
