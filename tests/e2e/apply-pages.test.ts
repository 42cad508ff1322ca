/**
 * The applicant's pages in a real browser, in Spanish: the form works without JavaScript, errors
 * are announced next to their fields, and every page (errors included) passes axe.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import es from "../../app/locales/es";
import { publishedCampaign } from "../support/applicants";
import { makeUser } from "../support/factories";
import { expectAccessible, waitForHydration } from "../support/browser";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";

let browser: Browser;
let baseUrl: string;

let suite: BrowserSuite;
beforeAll(async () => {
  suite = await startBrowserSuite(async (db) => {
    const admin = await makeUser(db, { role: "admin" });
    await publishedCampaign(db, admin.id, { titleEs: "Renovaciones del valle", titleEn: "Valley renewals" });
  });
  ({ browser, baseUrl } = suite);
});

afterAll(() => suite?.stop());

const isoDaysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function newContext(javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: "es-MX", javaScriptEnabled, viewport: { width: 1100, height: 900 } });
  context.setDefaultTimeout(15_000);
  return context;
}

let checker: Page | undefined;
/**
 * axe needs JavaScript in the page: a page seen without JavaScript is checked as a copy (same
 * origin, same styles, its scripts removed) in a second page that has it.
 */
async function checkAccessible(page: Page) {
  if (page.context() !== noScriptContext) return expectAccessible(page);
  checker ??= await (await newContext(true)).newPage();
  await checker.goto("/healthz");
  await checker.setContent((await page.content()).replace(/<script[\s\S]*?<\/script>/g, ""), { waitUntil: "load" });
  await expectAccessible(checker);
}

let noScriptContext: BrowserContext | undefined;

async function openApplyForm(page: Page) {
  await page.goto("/apply");
  await checkAccessible(page);
  await page.getByRole("link", { name: /^Pedir ayuda a / }).first().click();
  await page.waitForURL(/\/campaigns\/[^/]+\/apply$/);
  await checkAccessible(page);
}

async function fillApplication(page: Page, email: string, expires = isoDaysFromToday(100)) {
  await page.getByLabel(es.apply.name).fill("Lupita");
  await page.getByLabel(es.apply.email).fill(email);
  await page.getByRole("radio", { name: "Español" }).check();
  await page.getByLabel(es.apply.state).selectOption("NM");
  await page.getByLabel(es.apply.expires).fill(expires);
  await page.getByRole("radio", { name: es.apply.filingOnline }).check();
  await page.getByRole("checkbox", { name: /Acepto que/ }).check();
}

/** The newest email in the development outbox; returns the case link it carries. */
async function caseLinkFromOutbox(page: Page, to: string): Promise<string> {
  await page.goto("/dev/outbox");
  const newest = page.locator("tbody tr").first();
  await newest.waitFor();
  expect(await newest.innerText()).toContain(to);
  await newest.getByRole("link").click();
  const body = page.getByTestId("email-body");
  await body.waitFor();
  const text = await body.innerText();
  expect(text).toContain("Gracias por su solicitud");
  return text.match(/https?:\/\/\S+\/case\/[a-z2-7]+/)![0]!;
}

describe("applying and following the case without JavaScript, in Spanish", () => {
  test("errors, confirmation, link, case page, contact, withdrawal and a fresh link are all usable and axe-clean", async () => {
    const context = await newContext(false);
    noScriptContext = context;
    const page = await context.newPage();
    await openApplyForm(page);

    await page.getByRole("button", { name: es.apply.submit }).click();
    await page.locator(".error-summary").waitFor();
    const name = page.getByLabel(es.apply.name);
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    await checkAccessible(page);

    await fillApplication(page, "lupita.e2e@example.net", isoDaysFromToday(400));
    await page.getByRole("button", { name: es.apply.submit }).click();
    await page.getByRole("heading", { name: es.apply.ineligibleTitle }).waitFor();
    await checkAccessible(page);

    await page.getByLabel(es.apply.expires).fill(isoDaysFromToday(100));
    await page.getByRole("checkbox", { name: /Acepto que/ }).check();
    await page.getByRole("button", { name: es.apply.submit }).click();
    await page.getByRole("heading", { level: 1, name: es.apply.sentTitle }).waitFor();
    await checkAccessible(page);

    const link = await caseLinkFromOutbox(page, "lupita.e2e@example.net");
    await page.goto(link);
    await checkAccessible(page);
    await page.getByRole("button", { name: es.case.openButton }).click();
    await page.getByRole("heading", { level: 1, name: "Hola, Lupita" }).waitFor();
    expect(await page.getByTestId("case-status").innerText()).toBe(es.case.status.submitted);
    await checkAccessible(page);

    await page.getByRole("link", { name: es.case.contactLink }).click();
    await page.getByRole("heading", { level: 1, name: es.case.contactTitle }).waitFor();
    await checkAccessible(page);
    await page.getByLabel(es.apply.name).fill("Lupe");
    await page.getByRole("button", { name: es.case.contactSave }).click();
    await page.getByRole("heading", { level: 1, name: "Hola, Lupe" }).waitFor();
    await checkAccessible(page);

    await page.getByRole("link", { name: es.case.withdrawLink }).click();
    await checkAccessible(page);
    await page.getByRole("button", { name: es.case.withdrawConfirm }).click();
    await page.getByText(es.case.withdrawn).first().waitFor();
    expect(await page.getByTestId("case-status").innerText()).toBe(es.case.status.withdrawn);
    await checkAccessible(page);

    await page.getByRole("button", { name: es.case.close }).click();
    await page.getByText(es.case.closed).waitFor();
    await page.getByRole("link", { name: es.case.requestNew }).click();
    await page.getByLabel(es.apply.email).fill("lupita.e2e@example.net");
    await page.getByRole("button", { name: es.case.resendSend }).click();
    await page.getByText(es.case.resendSent).waitFor();
    await checkAccessible(page);
    await context.close();
  });
});

describe("with JavaScript", () => {
  test("the form checks fields in the browser and still submits to the same confirmation", async () => {
    const context = await newContext(true);
    const page = await context.newPage();
    await openApplyForm(page);
    await waitForHydration(page);
    await page.getByLabel(es.apply.email).fill("no-es-un-correo");
    await page.getByLabel(es.apply.email).blur();
    // Passing through a field is not a mistake: nothing is flagged (or moves) until the person submits.
    await page.waitForTimeout(300);
    expect(await page.getByLabel(es.apply.email).getAttribute("aria-invalid")).toBeNull();
    await page.getByRole("button", { name: es.apply.submit }).click();
    await expect.poll(() => page.getByLabel(es.apply.email).getAttribute("aria-invalid")).toBe("true");
    await checkAccessible(page);
    await fillApplication(page, "lupita.js@example.net");
    await page.getByRole("button", { name: es.apply.submit }).click();
    await page.getByRole("heading", { level: 1, name: es.apply.sentTitle }).waitFor();
    await checkAccessible(page);
    await context.close();
  });
});
