/**
 * After the fee is paid, the applicant follows USCIS's side of the case in Spanish on their
 * private page: filed → evidence requested (with the deadline) → approved. Staff steps are
 * recorded through the domain (the staff pages have their own HTTP tests); every page is checked
 * with axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import es from "../../app/locales/es";
import { approveFeeRequest, createFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { createCaseLink } from "../../app/modules/applicants/case-links.server";
import { sealIdentity } from "../../app/modules/applicants/identity.server";
import { fundQueue, payFee } from "../../app/modules/funding/funding.server";
import { recordDonation } from "../../app/modules/ledger/gifts.server";
import { seedDemo } from "../../app/modules/seed/seed.server";
import { recordDecision, recordEvidenceRequested, recordFiled } from "../../app/modules/uscis/status.server";
import { campaigns } from "../../db/schema";
import { expectAccessible } from "../support/browser";
import { fillTemplate, startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { visible } from "../support/page-helpers";

let suite: BrowserSuite;
let browser: Browser;
let caseId: string;
beforeAll(async () => {
  suite = await startBrowserSuite(async (db) => {
    await seedDemo(db);
    const campaign = (await db.select().from(campaigns)).find((c) => c.slug === "renewal-drive-495")!;
    const request = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: "2027-02-01", state: "AZ", language: "es" });
    await sealIdentity(db, { feeRequestId: request.id, name: "Yaretzi", email: "yaretzi.uscis@example.net" });
    await approveFeeRequest(db, { feeRequestId: request.id, actorUserId: null });
    await recordDonation(db, { campaignId: campaign.id, idempotencyKey: "e2e-uscis-gift", giftCents: 49_500 * 10 });
    await fundQueue(db, { campaignId: campaign.id });
    await payFee(db, { feeRequestId: request.id, method: "g1450_card", paidOn: "2026-11-02", lines: [{ form: "I-821D", amountCents: 49_500 }] });
    caseId = request.id;
  });
  browser = suite.browser;
});
afterAll(() => suite?.stop());

const status = async (page: Page) => (await page.getByTestId("case-status").innerText()).trim();
const steps = async (page: Page) => (await page.getByTestId("uscis-steps").innerText()).trim();

describe("an applicant following USCIS's steps in Spanish", () => {
  test("sees filed, then evidence requested with its deadline, then approved", async () => {
    const db = suite.database.db;
    const context = await browser.newContext({ baseURL: suite.baseUrl, locale: "es-MX" });
    const page = await context.newPage();
    try {
      await recordFiled(db, { feeRequestId: caseId, actorUserId: null, filedOn: "2026-11-05" });
      await page.goto(`/case/${await createCaseLink(db, caseId)}?lng=es`);
      await page.getByRole("button", { name: es.case.openButton }).click();
      await page.waitForURL(/\/case$/);
      await expect.poll(() => status(page)).toBe(es.case.uscis.status.filed);
      expect(await steps(page)).toContain(fillTemplate(es.case.uscis.step.filed, { date: "5 de noviembre de 2026" }));
      await visible(page.getByRole("heading", { name: es.case.uscis.title }));
      await expectAccessible(page);

      await recordEvidenceRequested(db, { feeRequestId: caseId, actorUserId: null, dueOn: "2027-01-20" });
      await page.reload();
      await expect.poll(() => status(page)).toBe(es.case.uscis.status.evidence_requested);
      expect(await steps(page)).toContain(fillTemplate(es.case.uscis.step.evidence_requested, { date: "20 de enero de 2027" }));
      expect(await page.locator("main").innerText()).toContain(es.case.uscis.next.evidence_requested);
      await expectAccessible(page);

      await recordDecision(db, { feeRequestId: caseId, actorUserId: null, decidedOn: "2027-02-03", decision: "approved" });
      await page.reload();
      await expect.poll(() => status(page)).toBe(es.case.uscis.status.decided_approved);
      expect(await steps(page)).toContain(fillTemplate(es.case.uscis.step.decided_approved, { date: "3 de febrero de 2027" }));
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
