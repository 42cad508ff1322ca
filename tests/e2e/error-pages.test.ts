/**
 * The 404 page in a real browser with a Spanish locale: Spanish header, navigation and footer,
 * React hydrates it without a mismatch, and the header's links still work.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import es from "../../app/locales/es";
import { expectAccessible, waitForHydration } from "../support/browser";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { screenshotPath } from "../support/screenshots";

let suite: BrowserSuite;
let browser: Browser;
beforeAll(async () => {
  suite = await startBrowserSuite();
  browser = suite.browser;
});
afterAll(() => suite?.stop());

for (const width of [390, 1280]) {
  test(`an unknown address at ${width} px: a Spanish 404 page in the Spanish site, hydrated without errors`, async () => {
    const context = await browser.newContext({ baseURL: suite.baseUrl, locale: "es-ES", viewport: { width, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      // Chromium reports the document's own 404 status; anything else (a hydration mismatch) counts.
      const ownStatus = message.text().includes("status of 404") && message.location().url.endsWith("/no-existe");
      if ((message.type() === "error" || message.type() === "warning") && !ownStatus) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const response = await page.goto("/no-existe");
    expect(response!.status()).toBe(404);
    await waitForHydration(page);
    expect(await page.getAttribute("html", "lang")).toBe("es");
    await expect.poll(() => page.locator("h1").textContent()).toBe(es.errors.page404.title);
    const nav = page.getByRole("navigation", { name: es.nav.label });
    expect(await nav.getByRole("link", { name: es.nav.campaigns }).isVisible()).toBe(true);
    expect(await page.locator("footer").textContent()).toContain("Fondos comunitarios");
    await page.screenshot({ path: screenshotPath(`404-es-${width}.png`), fullPage: true });
    await expectAccessible(page);
    // Hydrated: the header's links navigate on the client to a working page.
    await nav.getByRole("link", { name: es.nav.campaigns }).click();
    await page.waitForURL(`${suite.baseUrl}/`);
    expect(problems).toEqual([]);
    await context.close();
  });
}
