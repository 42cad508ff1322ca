/**
 * A business hosts a fundraiser, every step through the UI in Chromium with axe on every page:
 * sign-up by emailed link, a page created and submitted, staff approval, a gift through the page
 * via the demo checkout, then the host's dashboard and the campaign's leaderboard show it.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import { screenshotPath } from "../support/screenshots";
import { demoCampaigns } from "../../app/modules/seed/demo-content";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { fundraisers } from "../../db/schema";
import { expectAccessible } from "../support/browser";
import { type TestDatabase } from "../support/db";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { makeUser } from "../support/factories";
import { followEmailLink, visible, heading, openNewestEmail } from "../support/page-helpers";

let database: TestDatabase;
let browser: Browser;
let baseUrl: string;

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
  ({ database, browser, baseUrl } = suite);
});

afterAll(() => suite?.stop());

const fill = fillTemplate;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, locale: "en-US", viewport: { width: 1100, height: 900 } });
}

async function signInAsNewAdmin(page: Page) {
  const password = "a long and private passphrase";
  const admin = await makeUser(database.db, { role: "admin", password, totp: true });
  await page.goto("/sign-in?lng=en");
  const passwordForm = page.getByRole("region", { name: en.signIn.passwordHeading });
  await passwordForm.getByLabel(en.fields.email, { exact: true }).fill(admin.email);
  await passwordForm.getByLabel(en.fields.password, { exact: true }).fill(password);
  await passwordForm.getByRole("button", { name: en.signIn.withPassword }).click();
  await page.waitForURL("**/sign-in/two-factor");
  const code = generateTOTP(decodeBase32IgnorePadding(admin.totpSecret!), 30, 6);
  await page.getByLabel(en.twoFactor.code, { exact: true }).fill(code);
  await page.getByRole("button", { name: en.twoFactor.verify }).click();
  await page.waitForURL(/\/staff$/);
}

describe("a business hosting a fundraiser", () => {
  test("signs up, creates a page, staff approve it, a donor gives through it, and the dashboard and leaderboard show the gift", async () => {
    const hostEmail = "owner@cafe-sol.example";
    const business = "Café Sol";
    const title = "Coffee for renewals";
    const campaign = demoCampaigns.find((c) => c.slug === "renewal-drive-495")!;
    const host = await (await newContext()).newPage();
    const staff = await (await newContext()).newPage();
    const donor = await (await newContext()).newPage();
    try {
      // 1. The business signs up at /host and follows the emailed link.
      await host.goto("/host");
      await expect.poll(() => heading(host)).toBe(en.host.signUp.title);
      await expectAccessible(host);
      await host.getByLabel(en.fields.email, { exact: true }).fill(hostEmail);
      await host.getByLabel(en.host.fields.businessName, { exact: true }).fill(business);
      await host.getByLabel(en.host.fields.contactName, { exact: true }).fill("Sol Ramírez");
      await host.getByRole("button", { name: en.host.signUp.submit }).click();
      await host.waitForURL("**/host?sent=1");
      await visible(host.getByRole("status").filter({ hasText: en.host.signUp.sent }));
      await expectAccessible(host);
      const email = await openNewestEmail(host, hostEmail);
      await followEmailLink(host, email.getByRole("link", { name: /\/sign-in\/verify\?token=/ }).first());
      await host.waitForURL("**/sign-in/verify?token=*");
      await host.getByRole("button", { name: en.signIn.continue, exact: true }).click();
      await host.waitForURL(/\/host$/);
      await expect.poll(() => heading(host)).toBe(fill(en.host.home.title, { business }));
      await expectAccessible(host);

      // 2. Creates a page with a match pledge and submits it for review.
      await host.getByRole("link", { name: en.host.home.new }).click();
      await host.waitForURL("**/host/fundraisers/new");
      await expectAccessible(host);
      await host.getByLabel(en.host.fields.campaign, { exact: true }).selectOption({ label: campaign.titleEn });
      await host.getByLabel(en.host.fields.title, { exact: true }).fill(title);
      await host.getByLabel(en.host.fields.storyEn, { exact: true }).fill("Every cup this month helps a neighbor renew DACA.");
      await host.getByLabel(en.host.fields.storyEs, { exact: true }).fill("Cada taza de este mes ayuda a un vecino a renovar DACA.");
      await host.getByLabel(en.host.fields.goalFees, { exact: true }).fill("2");
      await host.getByLabel(en.host.fields.endsOn, { exact: true }).fill(day(21));
      await host.getByLabel(en.host.fields.matchCap, { exact: true }).fill("250");
      await host.getByRole("button", { name: en.host.form.saveDraft }).click();
      await host.waitForURL(/\/host\/fundraisers\/[0-9a-f-]{36}\/edit$/);
      await visible(host.getByRole("status").filter({ hasText: en.host.form.created }));
      await expectAccessible(host);
      await host.getByRole("button", { name: en.host.form.submit }).click();
      await visible(host.getByRole("status").filter({ hasText: en.host.form.submitted }));
      const [page] = await database.db.select().from(fundraisers).where(eq(fundraisers.title, title));
      expect(page!.status).toBe("submitted");

      // Not public before approval.
      expect((await donor.goto(`/f/${page!.slug}`))!.status()).toBe(404);

      // 3. Staff approve it from the review queue.
      await signInAsNewAdmin(staff);
      await staff.getByRole("navigation", { name: en.staff.nav.label }).getByRole("link", { name: en.staffFundraisers.nav }).click();
      await staff.waitForURL("**/staff/fundraisers");
      await expectAccessible(staff);
      await staff.getByRole("link", { name: title }).first().click();
      await staff.waitForURL(`**/staff/fundraisers/${page!.id}`);
      await expectAccessible(staff);
      await staff.getByRole("button", { name: en.staffFundraisers.approve }).click();
      await visible(staff.getByRole("status").filter({ hasText: en.staffFundraisers.done.approve }));
      await expectAccessible(staff);

      // 4. A donor gives through the page via the demo checkout, sharing their name with the host.
      await donor.goto(`/f/${page!.slug}`);
      await expect.poll(() => heading(donor)).toBe(title);
      await visible(donor.getByText(fill(en.fundraiser.matchedBy, { business })));
      await expectAccessible(donor);
      const form = donor.locator("form#donate");
      await form.getByLabel(fill(en.donate.preset.full, { amount: "$495" })).check();
      await form.getByLabel(en.donate.name).fill("Marisol Vega");
      await form.getByLabel(en.donate.email).fill("marisol@example.org");
      await form.getByLabel(en.donate.message).fill("¡Vamos, vecinos!");
      await form.getByLabel(en.donate.showOnWall).check();
      await form.getByLabel(fill(en.fundraiser.shareWith, { business })).check();
      await form.getByRole("button", { name: en.donate.submit }).click();
      await donor.waitForURL(/\/demo-checkout\/cs_/);
      await expectAccessible(donor);
      await donor.getByRole("button", { name: en.donate.demo.pay }).click();
      await donor.waitForURL(/\/donate\/thanks\?session_id=cs_/);
      await expectAccessible(donor);

      // The page shows the gift, the match and the supporter.
      await expect
        .poll(async () => {
          await donor.goto(`/f/${page!.slug}?fresh=${Date.now()}`);
          return donor.locator(".thermometer").first().innerText();
        })
        .toContain(fill(en.campaign.raised, { amount: "$495" }));
      await visible(donor.getByText(fill(en.fundraiser.matchSoFar, { matched: "$250" })));
      await visible(donor.locator(".supporters-wall").getByText("Marisol Vega"));
      await expectAccessible(donor);
      await donor.screenshot({ path: screenshotPath("fundraiser-page.png"), fullPage: true });

      await donor.goto(`/f/${page!.slug}/embed`);
      await visible(donor.locator("form#donate[target=_top]"));
      await expectAccessible(donor);

      // 5. The host's dashboard shows the gift and the supporter who shared their email.
      await host.goto("/host");
      await host.getByRole("link", { name: title }).click();
      await host.waitForURL(`**/host/fundraisers/${page!.id}`);
      const totals = host.getByRole("region", { name: en.host.dashboard.totals });
      await expect.poll(() => totals.innerText()).toContain("$495");
      const supporters = host.getByRole("region", { name: en.host.dashboard.supporters, exact: true });
      expect(await supporters.innerText()).toContain("marisol@example.org");
      expect(await host.getByRole("region", { name: en.host.dashboard.match }).innerText()).toContain("$250");
      await expectAccessible(host);

      // 6. The campaign page's leaderboard lists the business with its total.
      await donor.goto(`/campaigns/${campaign.slug}?fresh=${Date.now()}`);
      const leaderboard = donor.getByRole("region", { name: en.fundraiser.leaderboard.heading });
      expect(await leaderboard.innerText()).toContain(business);
      expect(await leaderboard.innerText()).toContain(fill(en.fundraiser.leaderboard.raised, { amount: "$495" }));
      await expectAccessible(donor);
    } finally {
      await Promise.all([host.context().close(), staff.context().close(), donor.context().close()]);
    }
  });
});
