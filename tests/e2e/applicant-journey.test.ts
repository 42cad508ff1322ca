/**
 * The applicant's journey in Spanish, every step through the UI of the real server on a fresh
 * demo database: apply → open the emailed link from the outbox → "Recibida" → a reviewer approves
 * → a demo donation funds the case through automatic allocation → the reviewer records the payment
 * to USCIS → the applicant's page shows it paid. Every page is checked with axe.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import es from "../../app/locales/es";
import { demoCampaigns, demoOrganization, demoStaff } from "../../app/modules/seed/demo-content";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { expectAccessible } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { followEmailLink, visible } from "../support/page-helpers";

let browser: Browser;
let baseUrl: string;

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite((db) => seedDemo(db));
  ({ browser, baseUrl } = suite);
});

afterAll(() => suite?.stop());

const fill = fillTemplate;

const newContext = (): Promise<BrowserContext> =>
  browser.newContext({ baseURL: baseUrl, locale: "es-MX", viewport: { width: 1100, height: 900 } });

const campaign = demoCampaigns.find((c) => c.slug === "renewal-drive-495")!;
const applicantEmail = "itzel.viajera@example.net";
const expired = new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10);

async function caseStatus(page: Page): Promise<string> {
  return (await page.getByTestId("case-status").innerText()).trim();
}

describe("an applicant asking for help in Spanish", () => {
  test("applies, follows the case by its private link, and sees the fee paid to USCIS", async () => {
    const applicant = await (await newContext()).newPage();
    const staff = await (await newContext()).newPage();
    const donor = await (await newContext()).newPage();
    try {
      // The applicant picks the campaign and reads what it pays, who may apply and how data is kept.
      await applicant.goto("/apply");
      await expectAccessible(applicant);
      await applicant.getByRole("link", { name: fill(es.apply.pickLink, { campaign: campaign.titleEs }) }).click();
      await applicant.waitForURL(`**/campaigns/${campaign.slug}/apply`);
      await visible(applicant.getByRole("heading", { name: es.apply.protectTitle }));
      await expectAccessible(applicant);

      await applicant.getByLabel(es.apply.name, { exact: true }).fill("Itzel");
      await applicant.getByLabel(es.apply.email, { exact: true }).fill(applicantEmail);
      await applicant.getByLabel("Español").check();
      await applicant.getByLabel(es.apply.state).selectOption("NM");
      await applicant.getByLabel(es.apply.expires, { exact: true }).fill(expired);
      await applicant.getByLabel(es.apply.filingOnline, { exact: true }).check();
      await applicant.getByLabel(es.apply.note).fill("Puedo presentar en línea esta semana.");
      await applicant.getByLabel(fill(es.apply.consent_other, { organizationName: demoOrganization.name, count: 30, noNews: 180 })).check();
      await applicant.getByRole("button", { name: es.apply.submit }).click();
      await visible(applicant.getByRole("heading", { name: es.apply.sentTitle }));
      await expectAccessible(applicant);

      // The private link arrives by email (the development outbox stands in for the inbox).
      await applicant.goto("/dev/outbox");
      const newest = applicant.locator("tbody tr").first();
      expect(await (await visible(newest)).innerText()).toContain(applicantEmail);
      await newest.getByRole("link").click();
      const body = await visible(applicant.getByTestId("email-body"));
      await followEmailLink(applicant, body.getByRole("link", { name: /\/case\/[a-z2-7]+\?lng=es$/ }).first());
      await applicant.waitForURL(/\/case\/[a-z2-7]+\?lng=es$/);
      await expectAccessible(applicant);
      await applicant.getByRole("button", { name: es.case.openButton }).click();
      await applicant.waitForURL(/\/case$/);
      await expect.poll(() => caseStatus(applicant)).toBe(es.case.status.submitted);
      const reference = (await applicant.locator("dd").first().innerText()).trim();
      expect(reference).toMatch(/^F-/);
      await expectAccessible(applicant);

      // A reviewer finds the case in the queue, looks at it for a stated reason, and approves it.
      await staff.goto("/sign-in?lng=es");
      const passwordForm = staff.getByRole("region", { name: es.signIn.passwordHeading });
      await passwordForm.getByLabel(es.fields.email, { exact: true }).fill(demoStaff.reviewer.email);
      await passwordForm.getByLabel(es.fields.password, { exact: true }).fill(demoStaff.reviewer.password);
      await passwordForm.getByRole("button", { name: es.signIn.withPassword }).click();
      // Reviewers can see personal data, so they pass two-step verification like admins.
      await staff.waitForURL("**/sign-in/two-factor");
      await staff.getByLabel(es.twoFactor.code, { exact: true }).fill(generateTOTP(decodeBase32IgnorePadding(demoStaff.reviewerTotpSecret), 30, 6));
      await staff.getByRole("button", { name: es.twoFactor.verify }).click();
      await staff.waitForURL(/\/staff$/);
      await staff.getByRole("navigation", { name: es.staff.nav.label }).getByRole("link", { name: es.staffCases.nav }).click();
      await staff.waitForURL(/\/staff\/cases$/);
      await expectAccessible(staff);
      // Most urgent first: this DACA already expired, so the case leads the queue.
      expect(await staff.locator("tbody tr").first().innerText()).toContain(reference);
      await staff.getByRole("link", { name: reference }).click();
      await visible(staff.getByRole("heading", { level: 1, name: fill(es.staffCases.caseTitle, { reference }) }));
      await expect.poll(() => staff.getByText("Itzel").count()).toBe(0);
      await expectAccessible(staff);
      await staff.getByLabel(es.staffCases.reasonLabel).selectOption("review");
      await staff.getByRole("button", { name: es.staffCases.reveal }).click();
      await visible(staff.getByText(applicantEmail));
      await expectAccessible(staff);
      await staff.getByRole("button", { name: es.staffCases.approve }).click();
      await visible(staff.getByText(fill(es.staffCases.flash.approved, { reference })));
      await expectAccessible(staff);

      await applicant.reload();
      await expect.poll(() => caseStatus(applicant)).toBe(es.case.status.approved);

      // A donor gives one renewal through the demo checkout; automatic allocation funds the case.
      await donor.goto(`/campaigns/${campaign.slug}`);
      const form = donor.locator("form#donate");
      await form.getByLabel(fill(es.donate.preset.full, { amount: "$495" })).check();
      await form.getByLabel(es.donate.email).fill("vecina.donante@example.org");
      await form.getByRole("button", { name: es.donate.submit }).click();
      await donor.waitForURL(/\/demo-checkout\/cs_/);
      await expectAccessible(donor);
      await donor.getByRole("button", { name: es.donate.demo.pay }).click();
      await donor.waitForURL(/\/donate\/thanks\?session_id=cs_/);
      await expectAccessible(donor);

      await expect
        .poll(async () => {
          await staff.reload();
          return staff.getByRole("link", { name: es.staffCases.recordPayment }).count();
        })
        .toBe(1);
      await applicant.reload();
      await expect.poll(() => caseStatus(applicant)).toBe(es.case.status.funded);

      // The reviewer records the payment to USCIS from the case page.
      await staff.getByRole("link", { name: es.staffCases.recordPayment }).click();
      await staff.waitForURL(/\/staff\/requests\/[0-9a-f-]{36}\/pay$/);
      await expectAccessible(staff);
      await staff.getByLabel(es.requests.method).selectOption("paygov_online");
      await staff.getByLabel(es.requests.paymentReference).fill("PAYGOV-2026-7781");
      await staff.getByLabel(es.fields.form).first().fill("I-821D/I-765");
      await staff.getByLabel(es.fields.amountDollars).first().fill("495");
      await staff.getByRole("button", { name: es.requests.savePayment }).click();
      await visible(staff.getByRole("status"));

      // Back on the case page: what was paid and how.
      await staff.getByRole("navigation", { name: es.staff.nav.label }).getByRole("link", { name: es.staffCases.nav }).click();
      await staff.getByLabel(es.staffCases.filterStatus).selectOption("paid");
      await staff.getByRole("button", { name: es.staffCases.apply }).click();
      await staff.getByRole("link", { name: reference }).click();
      await visible(staff.getByText("PAYGOV-2026-7781"));
      await expectAccessible(staff);

      // The applicant's page says the fee was paid, and how.
      await applicant.reload();
      await expect.poll(() => caseStatus(applicant)).toBe(es.case.status.paid);
      await visible(applicant.getByText(es.disbursementMethod.paygov_online, { exact: false }));
      await expectAccessible(applicant);
    } finally {
      await Promise.all([applicant.context().close(), staff.context().close(), donor.context().close()]);
    }
  });
});
