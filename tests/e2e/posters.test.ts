/**
 * The poster page in Chromium: a host picks paper and language in the form, the page is
 * accessible, and what the browser prints is one page of that paper whose QR code scans.
 */
import { PDFDocument } from "pdf-lib";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import { expectAccessible, waitForHydration } from "../support/browser";
import { makeFundraiser, makePublishedCampaign } from "../support/fundraiser-fixture";
import { rasterisePdf, readQrFromPng } from "../support/qr-reader";
import { startBrowserSuite, type BrowserSuite } from "../support/browser-suite";
import { screenshotPath } from "../support/screenshots";

let browser: Browser;
let baseUrl: string;
const slug = "panaderia-esperanza";

let suite: BrowserSuite;
beforeAll(async () => {
  // The QR code opens APP_URL: the suite points it at this server so a scan leads somewhere real.
  suite = await startBrowserSuite(async (db) => {
    const campaign = await makePublishedCampaign(db, {
      titleEn: "DACA renewals 2026",
      titleEs: "Renovaciones de DACA 2026",
      fixedFee: 55500,
    });
    await makeFundraiser(db, {
      campaign,
      slug,
      businessName: "Panadería La Esperanza",
      title: "Pan dulce for DACA renewals",
      goalFees: 20,
    });
    await makeFundraiser(db, {
      campaign,
      slug: "long-names",
      businessName: "Panadería y Pastelería Hermanos Núñez de Nuestra Señora de Guadalupe",
      title: "Cada pan que vendemos este verano ayuda a pagar una renovación de DACA para una familia del barrio",
      goalFees: 1,
    });
  });
  ({ browser, baseUrl } = suite);
});

afterAll(() => suite?.stop());

async function newContext(locale: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, locale, viewport: { width: 1100, height: 1400 } });
}

describe("the poster page", () => {
  test("a host chooses A4 in both languages, and the browser prints exactly that poster", async () => {
    const context = await newContext("en-US");
    const page = await context.newPage();
    await page.goto(`/f/${slug}/poster`);
    await waitForHydration(page);
    await expect(page.getByRole("heading", { level: 1, name: en.poster.heading }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await page.getByLabel(en.poster.a4, { exact: true }).check();
    await page.getByLabel(en.poster.languageBoth, { exact: true }).check();
    await page.getByRole("button", { name: en.poster.update }).click();
    await page.waitForURL(/size=a4&language=both/);
    const preview = page.getByRole("region", { name: en.poster.preview });
    await preview.getByText(es.poster.cta).waitFor();
    await expect(preview.getByRole("img", { name: en.poster.qrLabel.replace("{{url}}", `${baseUrl}/f/${slug}`) }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: en.poster.print }).isVisible()).resolves.toBe(true);
    const download = page.getByRole("link", { name: en.poster.download });
    await expect(download.getAttribute("href")).resolves.toBe(`/f/${slug}/poster.pdf?size=a4&language=both`);
    await expectAccessible(page);

    await page.screenshot({ path: screenshotPath("poster.png"), fullPage: true });

    // What "Print" produces: the page's own @page size, one sheet, the controls left out.
    await page.emulateMedia({ media: "print" });
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const document = await PDFDocument.load(printed);
    expect(document.getPageCount()).toBe(1);
    const { width, height } = document.getPage(0).getSize();
    expect(Math.round(width / 72 * 25.4)).toBe(210);
    expect(Math.round(height / 72 * 25.4)).toBe(297);
    expect(readQrFromPng(rasterisePdf(Buffer.from(printed)))).toBe(`${baseUrl}/f/${slug}`);

    await context.close();
  });

  test("a Spanish-speaking visitor gets a Spanish Letter poster by default, printed on Letter", async () => {
    const context = await newContext("es-US");
    const page = await context.newPage();
    await page.goto(`/f/${slug}/poster`);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es");
    await expect(page.getByLabel(es.poster.letter, { exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel(es.poster.languageEs, { exact: true }).isChecked()).resolves.toBe(true);
    await expectAccessible(page);

    await page.emulateMedia({ media: "print" });
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const document = await PDFDocument.load(printed);
    expect(document.getPageCount()).toBe(1);
    expect(document.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    expect(readQrFromPng(rasterisePdf(Buffer.from(printed)))).toBe(`${baseUrl}/f/${slug}`);
    await context.close();
  });

  test("a long name and title still print on one Letter page, in both languages, with a code that scans", async () => {
    const context = await newContext("en-US");
    const page = await context.newPage();
    await page.goto("/f/long-names/poster?size=letter&language=both");
    await page.emulateMedia({ media: "print" });
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const document = await PDFDocument.load(printed);
    expect(document.getPageCount()).toBe(1);
    expect(readQrFromPng(rasterisePdf(Buffer.from(printed)))).toBe(`${baseUrl}/f/long-names`);
    await context.close();
  });

  test("the SVG code alone, drawn by the browser, scans to the fundraiser", async () => {
    const context = await newContext("en-US");
    const page = await context.newPage();
    await page.setViewportSize({ width: 600, height: 600 });
    await page.goto(`/f/${slug}/qr.svg`);
    const shot = await page.locator("svg").screenshot();
    expect(readQrFromPng(shot)).toBe(`${baseUrl}/f/${slug}`);
    await context.close();
  });
});
