/**
 * A donor, in Spanish, gives monthly from a bank account in honor of someone, through the demo
 * checkout: the debit is pending first (nothing counted, the thanks page says so), then clears;
 * the thanks page shows the dedication and the person named gets one notice. Then the donor opens
 * the donor page from the emailed link and pauses the monthly gift. axe finds nothing.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { campaigns, donations, outbox } from "../../db/schema";
import es from "../../app/locales/es";
import { getCampaignTotals } from "../../app/modules/campaigns/campaigns.server";
import { bankSaving, standardUsBankRate, standardUsCardRate } from "../../app/modules/donations/pricing";
import { formatMoney } from "../../app/modules/i18n/format";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { expectAccessible, waitForHydration } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { openDonorPageFromEmail, pauseMonthlyGift } from "../support/donor-page";

let suite: BrowserSuite;
beforeAll(async () => {
  // Long enough to see the pending state, short enough for a test.
  process.env.DEMO_BANK_SETTLE_MS = "4000";
  suite = await startBrowserSuite((db) => seedDemo(db));
});
afterAll(() => suite?.stop());

describe("a monthly bank gift in someone's honor", () => {
  test("goes pending, then clears; the thanks page shows the honor; the person named hears once, in Spanish; the donor pauses it from the donor page", async () => {
    const db = suite.database.db;
    const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, "daca-renewals-2026"));
    const before = await getCampaignTotals(db, campaign!.id);
    const context = await suite.browser.newContext({ baseURL: suite.baseUrl, locale: "es-US" });
    const page = await context.newPage();
    try {
      await page.goto("/campaigns/daca-renewals-2026?lng=es");
      await waitForHydration(page);
      // $555 by card: the form suggests the bank, with what it saves the fund.
      const saving = formatMoney(bankSaving(55_500, { card: standardUsCardRate, bank: standardUsBankRate }), "es");
      await expect.poll(() => page.getByText(fillTemplate(es.bankGifts.suggest, { saving })).count()).toBe(1);
      await page.getByLabel(es.bankGifts.bank).check();
      await expect.poll(() => page.getByText(fillTemplate(es.bankGifts.suggest, { saving })).count()).toBe(0);
      await page.getByLabel(es.donate.monthly).check();
      await page.getByLabel(es.bankGifts.coverFees).check();
      await page.getByLabel(es.donate.email).fill("banco@example.org");
      await page.getByText(es.tribute.summary).click();
      await page.getByLabel(es.tribute.honor).check();
      await page.getByLabel(es.tribute.name, { exact: true }).fill("Doña Rosa");
      await page.getByLabel(es.tribute.notifyEmail).fill("rosa.e2e@example.net");
      await page.getByLabel(es.tribute.message).fill("Con cariño, de parte de todos.");
      await expectAccessible(page);
      await page.getByRole("button", { name: es.donate.submit }).click();

      await page.waitForURL(/\/demo-checkout\/cs_/);
      // The fee cover was for a bank payment: the demo checkout offers the bank only.
      expect(await page.getByRole("button", { name: es.donate.demo.pay, exact: true }).count()).toBe(0);
      await expectAccessible(page);
      await page.getByRole("button", { name: es.bankGifts.demoBank }).click();

      await page.waitForURL(/\/donate\/thanks\?session_id=/);
      const [pending] = await db.select().from(donations).where(eq(donations.donorEmail, "banco@example.org"));
      expect(pending).toMatchObject({ status: "pending", paymentMethod: "bank", frequency: "monthly", tributeKind: "honor" });
      expect(pending!.awaitingFundsSince).not.toBeNull();
      expect(await page.getByRole("status").innerText()).toBe(es.bankGifts.thanksPending);
      expect((await getCampaignTotals(db, campaign!.id)).raisedCents).toBe(before.raisedCents);
      await expect.poll(() => page.getByText(fillTemplate(es.tribute.thanksHonor, { name: "Doña Rosa" })).count()).toBe(1);
      await expectAccessible(page);

      const cleared = async () => (await db.select().from(donations).where(eq(donations.id, pending!.id)))[0]!.status;
      await expect.poll(cleared, { timeout: 15_000 }).toBe("succeeded");
      expect((await getCampaignTotals(db, campaign!.id)).raisedCents - before.raisedCents).toBe(55_500);
      await page.reload();
      await expect.poll(() => page.getByRole("status").innerText()).toBe(es.donate.thanks.paid);
      const sent = await db.select().from(outbox).where(and(eq(outbox.template, "tribute-notice"), eq(outbox.toAddress, "rosa.e2e@example.net")));
      expect(sent.map((s) => s.locale)).toEqual(["es"]);

      await openDonorPageFromEmail(page, "banco@example.org");
      await pauseMonthlyGift(page, formatMoney(pending!.amountCents + pending!.feeCoverCents, "es"));
    } finally {
      await context.close();
    }
  });
});
