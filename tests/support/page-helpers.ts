import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/** Waits until what a person looks for is on screen. */
export async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: "visible" });
  return locator;
}

export async function heading(page: Page): Promise<string> {
  return (await page.getByRole("heading", { level: 1 }).innerText()).trim();
}

/** The newest email in the development outbox, opened the way a person would. */
export async function openNewestEmail(page: Page, to: string): Promise<Locator> {
  const newest = page.locator("tbody tr").first();
  // "Email me a link" forms leave a request that the worker turns into an email within a second.
  await expect
    .poll(async () => {
      await page.goto("/dev/outbox");
      await visible(page.getByRole("heading", { level: 1 }));
      return (await newest.count()) ? newest.innerText() : "";
    }, { timeout: 10_000 })
    .toContain(to);
  await newest.getByRole("link").click();
  await page.waitForURL(/\/dev\/outbox\/[0-9a-f-]{36}$/);
  return visible(page.getByTestId("email-body"));
}

/**
 * Follows a link in an email shown in the development outbox from the keyboard (Tab to it, Enter).
 * A mouse click there is routed by Chromium's compositor map of frames, and the sandboxed email
 * frame above the link runs in its own process: right after a scroll or while that frame loads, a
 * synthetic click can land in the frame and navigate nowhere. A person's click is not that quick.
 */
export async function followEmailLink(page: Page, link: Locator): Promise<void> {
  await link.focus();
  await page.keyboard.press("Enter");
}
