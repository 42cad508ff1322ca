/**
 * A case paid by its own card, end to end in Chromium: staff turn cards on, create the card on a
 * funded case's page, reveal it (the demo's labelled stand-in for Stripe's Issuing Elements), the
 * demo plays USCIS charging each form, and the case shows paid with the disbursement in the ledger.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { expectAccessible, waitForHydration } from "../support/browser";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { makeUser } from "../support/factories";
import { fundedCase } from "../support/issuing";

let suite: BrowserSuite;
let caseId: string;
let campaignId: string;
let adminId: string;
beforeAll(async () => {
  suite = await startBrowserSuite(async (db) => {
    await seedDemo(db);
    adminId = (await makeUser(db, { role: "admin", password, totp: true })).id;
    const funded = await fundedCase(db, adminId);
    caseId = funded.request.id;
    campaignId = funded.campaign.id;
  });
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

describe("a case paid by its own card", () => {
  test("staff issue a card for a funded case, the demo pays both forms with it, the case shows paid and the ledger shows the disbursement", async () => {
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await signInAsAdmin(page);
      await page.goto("/staff/cards?lng=en");
      await waitForHydration(page);
      await page.getByLabel(en.issuing.enabledLabel).check();
      await page.getByRole("button", { name: en.common.save }).click();
      await page.getByText(en.issuing.saved).waitFor();
      await expectAccessible(page);

      await page.goto(`/staff/cases/${caseId}?lng=en`);
      await waitForHydration(page);
      await page.getByRole("button", { name: en.issuing.create }).click();
      await page.getByText(en.issuing.created).waitFor();
      await expectAccessible(page);

      await page.getByRole("button", { name: en.issuing.reveal }).click();
      const frame = page.frameLocator(`iframe[title="${en.issuing.demoFrame}"]`);
      await frame.getByText("Stand-in for Stripe Issuing Elements").waitFor();
      await expectAccessible(page);
      for (const [amount, said] of [
        ["85.00", "USCIS charged $85.00: approved and paid."],
        ["470.00", "USCIS charged $470.00: approved and paid."],
      ] as const) {
        await frame.getByLabel("Demo: amount USCIS charges (dollars)").fill(amount);
        await frame.getByRole("button", { name: "Pay USCIS with this card (demo)" }).click();
        await expect.poll(() => frame.locator("body").innerText(), { timeout: 15_000 }).toContain(said);
      }

      await page.reload();
      const main = page.locator("main");
      await expect.poll(() => main.innerText()).toContain(en.requestStatus.paid);
      const text = await main.innerText();
      expect(text).toContain(`${en.disbursementMethod.paygov_online}`);
      expect(text).toContain("I-821D: $85");
      expect(text).toContain("I-765: $470");
      expect(text).toContain(en.issuing.canceled.split(" (")[0]!);
      await expectAccessible(page);

      await page.goto(`/staff/campaigns/${campaignId}/ledger?lng=en`);
      const ledger = await page.locator("main").innerText();
      expect(ledger).toContain("I-821D");
      expect(ledger).toContain("I-765");
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
