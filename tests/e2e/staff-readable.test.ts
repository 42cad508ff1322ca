/**
 * Staff read what they see, on a phone and on a laptop: pages fit the screen (no sideways
 * scrolling), pass axe, and a form refused for a missing reason says so.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { auditLog, feeRequests } from "../../db/schema";
import { expectAccessible, waitForHydration } from "../support/browser";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { makeUser } from "../support/factories";

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
});
afterAll(() => suite?.stop());

const password = "a long and private passphrase";

async function signInAsAdmin(page: Page) {
  const admin = await makeUser(suite.database.db, { role: "admin", password, totp: true });
  await page.goto("/sign-in?lng=en");
  const passwordForm = page.getByRole("region", { name: en.signIn.passwordHeading });
  await passwordForm.getByLabel(en.fields.email, { exact: true }).fill(admin.email);
  await passwordForm.getByLabel(en.fields.password, { exact: true }).fill(password);
  await passwordForm.getByRole("button", { name: en.signIn.withPassword }).click();
  await page.waitForURL("**/sign-in/two-factor");
  await page.getByLabel(en.twoFactor.code, { exact: true }).fill(generateTOTP(decodeBase32IgnorePadding(admin.totpSecret!), 30, 6));
  await page.getByRole("button", { name: en.twoFactor.verify }).click();
  await page.waitForURL(/\/staff$/);
}

/** True when the page is no wider than the window: nothing to scroll sideways. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe("pages fit the screen", () => {
  test("the transparency page at 390 px, in Spanish and English", async () => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const lng of ["es", "en"]) {
      await page.goto(`/campaigns/daca-renewals-2026/transparency?lng=${lng}`);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page);
    }
    await context.close();
  });

  test("the audit log at 1280 px and 390 px", async () => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAsAdmin(page);
    for (const lng of ["es", "en"]) {
      await page.goto(`/staff/audit?lng=${lng}`);
      expect(await fitsWidth(page)).toBe(true);
      await expectAccessible(page);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/staff/audit?lng=es");
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });
});

describe("showing personal data", () => {
  test("without a reason, says so next to the field in the staff member's language and records nothing", async () => {
    const [request] = await suite.database.db.select().from(feeRequests).where(eq(feeRequests.status, "in_review"));
    const views = () => suite.database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, request!.id), eq(auditLog.action, "case.viewed")));
    const before = (await views()).length;
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAsAdmin(page);
    await page.goto(`/staff/cases/${request!.id}?lng=es`);
    await waitForHydration(page);
    // The page settles first (route discovery, late requests): the refusal must still be shown.
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: es.staffCases.reveal }).click();
    const reason = page.getByLabel(es.staffCases.reasonLabel, { exact: true });
    await expect.poll(() => reason.getAttribute("aria-invalid")).toBe("true");
    const errorId = (await reason.getAttribute("aria-describedby"))!;
    await expect.poll(() => page.locator(`[id="${errorId}"]`).innerText()).toBe(es.staffCases.reasonRequired);
    expect((await views()).length).toBe(before);
    await expectAccessible(page);
    await context.close();
  });
});
