/**
 * Browser journeys through the real server (express + Remix build) and a fresh demo database:
 * each step is what a person does — open a page, click a link, fill a labelled field, press a
 * button. Labels come from the locale files so the tests follow the product's own words.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { count } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { createAdmin } from "../../app/modules/auth/users.server";
import { demoCampaigns, demoOrganization } from "../../app/modules/seed/demo-content";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { campaigns } from "../../db/schema";
import { expectAccessible, waitForHydration } from "../support/browser";
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

// ---------------------------------------------------------------------------------------------
// Small helpers: what a person sees, polled until it is there.

const fill = fillTemplate;

async function newContext(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: baseUrl,
    locale: options.locale ?? "en-US",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1100, height: 900 },
  });
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator("html").getAttribute("lang");
}

/** The error text a field points at through aria-describedby (hint and error together). */
async function describedText(page: Page, field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  return texts.join("\n");
}

/**
 * Signs in as a new admin with a password and authenticator code, from the English sign-in page.
 * A new admin each time: an authenticator code is accepted only once.
 */
async function signInAsNewAdmin(page: Page) {
  const password = "a long and private passphrase";
  const admin = await makeUser(database.db, { role: "admin", password, totp: true });
  await page.goto("/sign-in?lng=en");
  const passwordForm = page.getByRole("region", { name: en.signIn.passwordHeading });
  await passwordForm.getByLabel(en.fields.email, { exact: true }).fill(admin.email);
  await passwordForm.getByLabel(en.fields.password, { exact: true }).fill(password);
  await passwordForm.getByRole("button", { name: en.signIn.withPassword }).click();
  await page.waitForURL("**/sign-in/two-factor");
  await expect.poll(() => heading(page)).toBe(en.twoFactor.stepTitle);
  const code = generateTOTP(decodeBase32IgnorePadding(admin.totpSecret!), 30, 6);
  await page.getByLabel(en.twoFactor.code, { exact: true }).fill(code);
  await page.getByRole("button", { name: en.twoFactor.verify }).click();
  await page.waitForURL(/\/staff$/);
}

async function campaignCount(): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(campaigns);
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------

describe("a visitor reading in Spanish", () => {
  test("can switch the site to Spanish, read a campaign in Spanish, and the choice is remembered", async () => {
    const context = await newContext({ locale: "en-US" });
    const page = await context.newPage();
    const campaign = demoCampaigns.find((c) => c.slug === "daca-renewals-2026")!;
    try {
      await page.goto("/");
      await expect.poll(() => htmlLang(page)).toBe("en");
      await expect.poll(() => heading(page)).toBe(en.home.title);
      await expectAccessible(page);

      await page.getByRole("link", { name: en.nav.switchLanguage }).click();
      await page.waitForURL(/\?lng=es/);
      await expect.poll(() => htmlLang(page)).toBe("es");
      await expect.poll(() => heading(page)).toBe(es.home.title);
      await visible(page.getByRole("heading", { name: es.home.liveCampaigns }));
      await expectAccessible(page);

      await page.getByRole("link", { name: campaign.titleEs }).click();
      await page.waitForURL(`**/campaigns/${campaign.slug}`);
      await expect.poll(() => heading(page)).toBe(campaign.titleEs);
      const firstParagraph = campaign.storyEs.split("\n\n")[0]!;
      await visible(page.getByText(firstParagraph));
      await expect.poll(() => htmlLang(page)).toBe("es");
      await expectAccessible(page);

      // A fresh page load without ?lng= keeps Spanish (the cookie remembers the choice).
      await page.goto(`/campaigns/${campaign.slug}`);
      await expect.poll(() => htmlLang(page)).toBe("es");
      await expect.poll(() => heading(page)).toBe(campaign.titleEs);
      await page.goto("/");
      await expect.poll(() => htmlLang(page)).toBe("es");
      await expect.poll(() => heading(page)).toBe(es.home.title);

      // And back to English, where the campaign page reads in English and is just as accessible.
      await page.goto(`/campaigns/${campaign.slug}`);
      await page.getByRole("link", { name: es.nav.switchLanguage }).click();
      await page.waitForURL(/\?lng=en/);
      await expect.poll(() => htmlLang(page)).toBe("en");
      await expect.poll(() => heading(page)).toBe(campaign.titleEn);
      await visible(page.getByText(campaign.storyEn.split("\n\n")[0]!));
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});

describe("an organizer running the fund", () => {
  test("signs in from an emailed link, sets up two-step verification, invites a reviewer and publishes a campaign", async () => {
    const adminEmail = "organizer@journey.fondo.test";
    const reviewerEmail = "reviewer@journey.fondo.test";
    await createAdmin(database.db, { email: adminEmail });

    const context = await newContext();
    const page = await context.newPage();
    try {
      // 1. Ask for a sign-in link.
      await page.goto("/sign-in");
      await expect.poll(() => heading(page)).toBe(en.signIn.title);
      await expectAccessible(page);
      const linkForm = page.getByRole("region", { name: en.signIn.linkHeading });
      await linkForm.getByLabel(en.fields.email, { exact: true }).fill(adminEmail);
      await linkForm.getByRole("button", { name: en.signIn.sendLink }).click();
      await page.waitForURL("**/sign-in?sent=1");
      await visible(page.getByRole("status").filter({ hasText: en.signIn.sent }));

      // 2. Open it from the outbox and follow the link in it.
      const body = await openNewestEmail(page, adminEmail);
      // The button and the plain-text fallback carry the same link.
      const link = body.getByRole("link", { name: /\/sign-in\/verify\?token=/ }).first();
      expect(await link.getAttribute("href")).toMatch(new RegExp(`^${baseUrl}/sign-in/verify\\?token=`));
      await followEmailLink(page, link);
      await page.waitForURL("**/sign-in/verify?token=*");
      await expect.poll(() => heading(page)).toBe(en.signIn.verifyTitle);
      await page.getByRole("button", { name: en.signIn.continue, exact: true }).click();

      // 3. An admin without two-step verification must set it up before anything else.
      await page.waitForURL("**/staff/two-factor");
      await expect.poll(() => heading(page)).toBe(en.twoFactor.setupTitle);
      await visible(page.getByText(en.twoFactor.requiredForStaff));
      await expectAccessible(page);
      const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s+/g, "");
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByLabel(en.twoFactor.code, { exact: true }).fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
      await page.getByRole("button", { name: en.twoFactor.turnOn }).click();
      await page.waitForURL(/\/staff$/);
      await visible(page.getByRole("status").filter({ hasText: en.twoFactor.enabled }));
      await expect.poll(() => heading(page)).toBe(en.staff.dashboard.title);
      await visible(page.getByText(fill(en.staff.dashboard.signedInAs, { email: adminEmail, role: en.roles.admin })));
      await expectAccessible(page);

      // 4. Invite a reviewer, who gets an invitation email in Spanish.
      const staffNav = page.getByRole("navigation", { name: en.staff.nav.label });
      await staffNav.getByRole("link", { name: en.staff.nav.users }).click();
      await page.waitForURL("**/staff/users");
      await expect.poll(() => heading(page)).toBe(en.staff.users.title);
      await expectAccessible(page);
      await page.getByLabel(en.fields.email, { exact: true }).fill(reviewerEmail);
      await page.getByLabel(en.fields.displayName, { exact: true }).fill("Rosa Reviewer");
      await page.getByLabel(en.fields.role, { exact: true }).selectOption({ label: en.roles.reviewer });
      await page.getByLabel(en.fields.emailLanguage, { exact: true }).selectOption({ label: "Español" });
      await page.getByRole("button", { name: en.staff.users.invite }).click();
      await visible(page.getByRole("status").filter({ hasText: fill(en.staff.users.invited, { email: reviewerEmail }) }));
      const reviewerRow = page.getByRole("row").filter({ hasText: reviewerEmail });
      expect(await reviewerRow.innerText()).toContain(en.roles.reviewer);
      expect(await reviewerRow.innerText()).toContain(en.userStatus.invited);

      const invitation = await openNewestEmail(page, reviewerEmail);
      await expect.poll(() => heading(page)).toBe(fill(es.email.invite.subject, { organizationName: demoOrganization.name }));
      await visible(page.getByText(`To: ${reviewerEmail}`));
      expect(await invitation.getByRole("link").first().getAttribute("href")).toMatch(new RegExp(`^${baseUrl}/`));

      // 5. Create a campaign as a draft.
      await page.goto("/staff");
      await staffNav.getByRole("link", { name: en.staff.nav.campaigns }).click();
      await page.waitForURL("**/staff/campaigns");
      await expect.poll(() => heading(page)).toBe(en.staff.campaigns.title);
      await expectAccessible(page);
      await page.getByRole("link", { name: en.staff.campaigns.new }).click();
      await page.waitForURL("**/staff/campaigns/new");
      await expect.poll(() => heading(page)).toBe(en.staff.campaigns.new);
      await expectAccessible(page);

      const fresh = {
        titleEn: "Spring renewals for farmworkers",
        titleEs: "Renovaciones de primavera para trabajadores del campo",
        slug: "spring-farmworkers",
        storyEn: "Harvest season is when renewals fall due. Help us pay them on time.",
        storyEs: "La cosecha es cuando vencen las renovaciones. Ayúdanos a pagarlas a tiempo.",
      };
      await page.getByLabel(en.fields.titleEn, { exact: true }).fill(fresh.titleEn);
      await page.getByLabel(en.fields.titleEs, { exact: true }).fill(fresh.titleEs);
      await page.getByLabel(en.fields.slug, { exact: true }).fill(fresh.slug);
      await page.getByLabel(en.fields.storyEn, { exact: true }).fill(fresh.storyEn);
      await page.getByLabel(en.fields.storyEs, { exact: true }).fill(fresh.storyEs);
      await page.getByLabel(en.fields.goalFees, { exact: true }).fill("30");
      await page.getByLabel(en.staff.campaigns.feeFixed, { exact: true }).check();
      await page.getByLabel(en.fields.fixedFee, { exact: true }).fill("555");
      await page.getByRole("button", { name: en.staff.campaigns.create }).click();
      await page.waitForURL(/\/staff\/campaigns\/[0-9a-f-]{36}$/);
      await visible(page.getByRole("status").filter({ hasText: en.staff.campaigns.created }));
      await expect.poll(() => heading(page)).toBe(fresh.titleEn);
      await visible(page.locator(".badge").filter({ hasText: en.campaignStatus.draft }));
      await expectAccessible(page);

      // 6. Publish it; it appears on the home page for everyone.
      await page.getByRole("button", { name: en.staff.campaigns.publish, exact: true }).click();
      await visible(page.getByRole("status").filter({ hasText: en.staff.campaigns.published }));
      await visible(page.locator(".badge").filter({ hasText: en.campaignStatus.published }));
      await page.getByRole("navigation", { name: en.nav.label }).getByRole("link", { name: en.nav.campaigns }).click();
      await page.waitForURL(`${baseUrl}/`);
      await page.getByRole("link", { name: fresh.titleEn }).click();
      await page.waitForURL(`**/campaigns/${fresh.slug}`);
      await expect.poll(() => heading(page)).toBe(fresh.titleEn);
      await visible(page.getByText(fresh.storyEn));

      const visitor = await newContext();
      try {
        const home = await visitor.newPage();
        await home.goto("/");
        await visible(home.getByRole("link", { name: fresh.titleEn }));
      } finally {
        await visitor.close();
      }
    } finally {
      await context.close();
    }
  });
});

describe("the campaign form in Spanish", () => {
  const problems = async (page: Page) => {
    await page.getByLabel(es.fields.titleEn, { exact: true }).fill("");
    await page.getByLabel(es.fields.titleEs, { exact: true }).fill("");
    await page.getByLabel(es.fields.slug, { exact: true }).fill("Mi Campaña!");
    await page.getByLabel(es.fields.storyEn, { exact: true }).fill("A story in English.");
    await page.getByLabel(es.fields.storyEs, { exact: true }).fill("Una historia en español.");
    await page.getByLabel(es.fields.goalFees, { exact: true }).fill("10");
    await page.getByLabel(es.staff.campaigns.feeFixed, { exact: true }).check();
    await page.getByLabel(es.fields.fixedFee, { exact: true }).fill("");
    await page.getByLabel(es.fields.startsOn, { exact: true }).fill("2026-06-10");
    await page.getByLabel(es.fields.endsOn, { exact: true }).fill("2026-06-01");
    await page.getByRole("button", { name: es.staff.campaigns.create }).click();
  };

  const expectSpanishFieldErrors = async (page: Page) => {
    await visible(page.getByRole("alert").filter({ hasText: es.forms.errorSummary }));
    const field = (label: string) => page.getByLabel(label, { exact: true });
    expect(await describedText(page, field(es.fields.titleEn))).toContain(es.errors.required);
    expect(await describedText(page, field(es.fields.titleEs))).toContain(es.errors.required);
    expect(await describedText(page, field(es.fields.slug))).toContain(es.errors.slug);
    expect(await describedText(page, field(es.fields.endsOn))).toContain(es.errors.endBeforeStart);
    expect(await describedText(page, field(es.fields.fixedFee))).toContain(es.errors.fixedFeeRequired);
    // Nothing English leaked into the messages.
    const summary = await page.getByRole("alert").filter({ hasText: es.forms.errorSummary }).innerText();
    expect(summary).not.toContain(en.errors.required);
  };

  for (const javaScriptEnabled of [true, false]) {
    test(`shows every mistake in Spanish and saves nothing (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        await signInAsNewAdmin(page);
        await page.goto("/staff/campaigns/new");
        await page.getByRole("link", { name: en.nav.switchLanguage }).click();
        await page.waitForURL(/\/staff\/campaigns\/new\?lng=es/);
        await expect.poll(() => htmlLang(page)).toBe("es");
        await expect.poll(() => heading(page)).toBe(es.staff.campaigns.new);
        if (javaScriptEnabled) await waitForHydration(page, "main form button[type=submit]");

        const before = await campaignCount();
        await problems(page);
        await expectSpanishFieldErrors(page);
        if (javaScriptEnabled) {
          // The form in its error state stays accessible (axe needs scripts, so only here).
          await expectAccessible(page);
        } else {
          // The server answered the plain HTML post on the same page.
          expect(new URL(page.url()).pathname).toBe("/staff/campaigns/new");
        }
        expect(await campaignCount()).toBe(before);
      } finally {
        await context.close();
      }
    });
  }
});

describe("pages anyone can reach", () => {
  test("the sign-in page is accessible in English and Spanish", async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      await page.goto("/sign-in?lng=en");
      await expect.poll(() => heading(page)).toBe(en.signIn.title);
      await expectAccessible(page);
      await page.goto("/sign-in?lng=es");
      await expect.poll(() => heading(page)).toBe(es.signIn.title);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });

  test("a missing page answers 404 with a helpful, accessible page", async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      const response = await page.goto("/no-such-page?lng=en");
      expect(response?.status()).toBe(404);
      await expect.poll(() => heading(page)).toBe(en.errors.page404.title);
      await visible(page.getByRole("link", { name: en.errors.backHome }));
      await expectAccessible(page);

      const missingCampaign = await page.goto("/campaigns/no-such-campaign?lng=es");
      expect(missingCampaign?.status()).toBe(404);
      await expect.poll(() => heading(page)).toBe(es.errors.page404.title);
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});

describe("following the money", () => {
  test("a visitor reads the money trail in Spanish, from the campaign page", async () => {
    const context = await newContext({ locale: "es-MX" });
    const page = await context.newPage();
    try {
      await page.goto("/campaigns/daca-renewals-2026");
      await expect.poll(() => htmlLang(page)).toBe("es");
      await page.getByRole("link", { name: es.campaign.moneyTrail }).click();
      await page.waitForURL(/\/campaigns\/daca-renewals-2026\/transparency$/);
      await visible(page.getByRole("heading", { name: es.transparency.howHeading }));
      await visible(page.getByRole("img", { name: es.transparency.chartTitle }));
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });

  test("an organizer funds the queue, records a payment to USCIS and sees it in the ledger", async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      await signInAsNewAdmin(page);
      await page.getByRole("navigation", { name: en.staff.nav.label }).getByRole("link", { name: en.staff.nav.campaigns }).click();
      await page.getByRole("link", { name: "The $495 renewal drive" }).click();
      await page.getByRole("link", { name: en.staff.campaigns.requests }).click();
      await visible(page.getByRole("heading", { level: 1 }));
      await expectAccessible(page);
      const funded = page.getByRole("row").filter({ hasText: en.requestStatus.funded }).first();
      await funded.getByRole("link", { name: en.requests.recordPayment }).click();
      await page.getByLabel(en.requests.method).selectOption("g1450_card");
      await page.getByLabel(en.requests.paymentReference).fill("G1450-2026-0042");
      const form = page.getByLabel(en.fields.form);
      const amount = page.getByLabel(en.fields.amountDollars);
      await form.first().fill("I-765");
      await amount.first().fill("410");
      if ((await form.count()) > 1) {
        await form.nth(1).fill("biometrics");
        await amount.nth(1).fill("85");
      } else {
        // Fixed-amount campaign: one line for the whole fee.
        await amount.first().fill("495");
      }
      await expectAccessible(page);
      await page.getByRole("button", { name: en.requests.savePayment }).click();
      await visible(page.getByRole("status"));
      await page.getByRole("link", { name: /^←/ }).click();
      await page.getByRole("link", { name: en.staff.campaigns.ledger }).click();
      await visible(page.getByRole("cell", { name: new RegExp(en.ledger.kinds.disbursement) }).first());
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});

describe("a donor giving in Spanish", () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`gives $495 through the demo checkout, gets a Spanish receipt, and sees the new total (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await newContext({ locale: "es-MX", javaScriptEnabled });
      const page = await context.newPage();
      const email = `donante-${javaScriptEnabled ? "js" : "nojs"}@example.org`;
      try {
        const before = await (await fetch(`${baseUrl}/api/campaigns/renewal-drive-495`)).json();
        await page.goto("/campaigns/renewal-drive-495");
        await expect.poll(() => htmlLang(page)).toBe("es");
        if (javaScriptEnabled) await waitForHydration(page, "form#donate button[type=submit]");
        if (javaScriptEnabled) await expectAccessible(page);
        const form = page.locator("form#donate");
        await form.getByLabel(fill(es.donate.preset.full, { amount: "$495" })).check();
        await form.getByLabel(es.donate.name).fill("Marisol");
        await form.getByLabel(es.donate.email).fill(email);
        await form.getByRole("button", { name: es.donate.submit }).click();

        await page.waitForURL(/\/demo-checkout\/cs_/);
        await visible(page.getByRole("heading", { name: es.donate.demo.title }));
        if (javaScriptEnabled) await expectAccessible(page);
        await page.getByRole("button", { name: es.donate.demo.pay }).click();

        await page.waitForURL(/\/donate\/thanks\?session_id=cs_/);
        expect(await page.getByRole("status").innerText()).toBe(es.donate.thanks.paid);
        if (javaScriptEnabled) await expectAccessible(page);

        const receipt = await openNewestEmail(page, email);
        expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(fill(es.email.receipt.subject, { organizationName: demoOrganization.name }));
        expect(await receipt.innerText()).toContain(es.email.receipt.total);

        const after = await (await fetch(`${baseUrl}/api/campaigns/renewal-drive-495`)).json();
        expect(after.raised_cents - before.raised_cents).toBe(49_500);
        expect(after.donations_count - before.donations_count).toBe(1);
        // Public pages may be cached for a few seconds: ask for a fresh copy.
        await page.goto(`/campaigns/renewal-drive-495?fresh=${Date.now()}`);
        const raised = fill(es.campaign.raised, { amount: `$${(after.raised_cents / 100).toLocaleString("en-US")}` });
        expect(await page.locator(".thermometer").first().innerText()).toContain(raised);
      } finally {
        await context.close();
      }
    });
  }
});
