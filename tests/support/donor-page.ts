import type { Page } from "playwright-core";
import { expect } from "vitest";
import es from "../../app/locales/es";
import { demoOrganization } from "../../app/modules/seed/demo-content";
import { expectAccessible } from "./browser";
import { fillTemplate } from "./browser-suite";
import { followEmailLink, heading, openNewestEmail, visible } from "./page-helpers";

/** A donor, in Spanish, asks for the donor page at /donor and opens it from the emailed link. */
export async function openDonorPageFromEmail(page: Page, email: string): Promise<void> {
  await page.goto("/donor?lng=es");
  expect(await heading(page)).toBe(es.donorPage.title);
  await expectAccessible(page);
  await page.getByLabel(es.donate.email).fill(email);
  await page.getByRole("button", { name: es.donorPage.send }).click();
  await visible(page.getByText(es.donorPage.sent));

  // Receipts went to the same address first: wait for the link's email to be the newest.
  const subject = fillTemplate(es.donorEmail.link.subject, { organizationName: demoOrganization.name });
  let body = await openNewestEmail(page, email);
  await expect.poll(async () => ((await heading(page)) === subject ? true : ((body = await openNewestEmail(page, email)), false)), { timeout: 10_000 }).toBe(true);
  await followEmailLink(page, body.getByRole("link", { name: /\/donor\/link\// }).first());
  await page.waitForURL(/\/donor\/link\//);
  expect(await heading(page)).toBe(es.donorPage.openTitle);
  await page.getByRole("button", { name: es.donorPage.openButton }).click();
  await page.waitForURL(/\/donor$/);
}

/** Pauses the donor's (only) monthly gift and waits until the page shows Stripe's confirmation. */
export async function pauseMonthlyGift(page: Page, amountShown: string): Promise<void> {
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
    .toContain(fillTemplate(es.donorPage.monthlyPaused, { amount: amountShown, campaign: "" }).split(": ")[1]!);
  await visible(page.getByRole("button", { name: es.donorPage.resume }));
  await expectAccessible(page);
}
