/**
 * QR posters through the real server: the PDF a host prints, read back the way a person would
 * (pdftoppm rasterises it, jsQR reads the code like a phone camera, pdftotext reads the words).
 */
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "../../app/locales/en";
import es from "../../app/locales/es";
import type { Campaign } from "../../app/modules/campaigns/campaigns.server";
import { formatDate } from "../../app/modules/dates/format";
import { formatMoney } from "../../app/modules/i18n/format";
import { campaigns } from "../../db/schema";
import { isoDay, makeFundraiser, makePublishedCampaign } from "../support/fundraiser-fixture";
import { fillTemplate } from "../support/browser-suite";
import { pdfText, rasterisePdf, readQrFromPng, readQrFromSvg } from "../support/qr-reader";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let campaign: Campaign;
/** APP_URL (vitest config), not the test server's own address: printed codes must open the public site. */
// Tests run as the demo does: printed addresses follow the address the visitor used (ADR 0019).
const publicUrl = (slug: string) => `${server.url}/f/${slug}`;

beforeAll(async () => {
  server = await startTestServer();
  campaign = await makePublishedCampaign(server.database.db, { titleEn: "DACA renewals 2026", titleEs: "Renovaciones de DACA 2026", fixedFee: 49500 });
  await makeFundraiser(server.database.db, {
    campaign,
    slug: "cafe-luna",
    businessName: "Café Luna",
    title: "Coffee for DACA renewals",
    goalFees: 12,
  });
});
afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = {}) => new Client(server.url, headers).get(path);
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());
const paper = { letter: [612, 792], a4: [595.28, 841.89] } as const;

describe("the poster PDF", () => {
  const combinations = (["letter", "a4"] as const).flatMap((size) => (["en", "es", "both"] as const).map((language) => ({ size, language })));

  it.each(combinations)("prints one $size page in $language whose QR code opens the fundraiser", async ({ size, language }) => {
    const response = await get(`/f/cafe-luna/poster.pdf?size=${size}&language=${language}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="poster-cafe-luna-${size}-${language}.pdf"`);
    const pdf = await bytesOf(response);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(1);
    const { width, height } = document.getPage(0).getSize();
    expect(width).toBeCloseTo(paper[size][0], 1);
    expect(height).toBeCloseTo(paper[size][1], 1);

    expect(readQrFromPng(rasterisePdf(pdf))).toBe(publicUrl("cafe-luna"));

    const text = pdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain("Café Luna");
    expect(text).toContain("Coffee for DACA renewals");
    expect(text).toContain(`${new URL(server.url).host}/f/cafe-luna`);
    const english = language !== "es";
    const spanish = language !== "en";
    expect(text.includes(en.poster.cta)).toBe(english);
    expect(text.includes(es.poster.cta)).toBe(spanish);
    if (english) expect(text).toContain(formatMoney(12 * 49500, "en"));
    if (spanish) expect(text).toContain("Renovaciones de DACA 2026");
  });

  it("defaults to the visitor's language and their region's paper", async () => {
    const spain = await get("/f/cafe-luna/poster.pdf", { "Accept-Language": "es-ES,es;q=0.9" });
    expect(spain.headers.get("content-disposition")).toContain('filename="poster-cafe-luna-a4-es.pdf"');
    const mexico = await get("/f/cafe-luna/poster.pdf", { "Accept-Language": "es-MX" });
    expect(mexico.headers.get("content-disposition")).toContain('filename="poster-cafe-luna-letter-es.pdf"');
    const chosen = await get("/f/cafe-luna/poster.pdf?lng=es&size=letter", { "Accept-Language": "en-GB" });
    expect(chosen.headers.get("content-disposition")).toContain('filename="poster-cafe-luna-letter-es.pdf"');
    const english = await get("/f/cafe-luna/poster.pdf", { "Accept-Language": "en-US" });
    expect(english.headers.get("content-disposition")).toContain('filename="poster-cafe-luna-letter-en.pdf"');
  });

  it("refuses unknown options with 400 instead of guessing", async () => {
    for (const query of ["size=legal", "language=fr", "size=A4", "size=letter&language="]) {
      const response = await get(`/f/cafe-luna/poster.pdf?${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text()).toContain("size=letter|a4");
    }
  });

  it("still fits one page with a readable code when the name and title are long", async () => {
    const long = await makeFundraiser(server.database.db, {
      campaign,
      businessName: "Panadería y Pastelería Hermanos Núñez de Nuestra Señora de Guadalupe, Sucursal Centro",
      title: "Cada pan que vendemos este verano ayuda a pagar una renovación de DACA para una familia de nuestro barrio",
      goalFees: 1,
    });
    for (const size of ["letter", "a4"]) {
      const pdf = await bytesOf(await get(`/f/${long.slug}/poster.pdf?size=${size}&language=both`));
      expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
      expect(readQrFromPng(rasterisePdf(pdf))).toBe(publicUrl(long.slug));
      const text = pdfText(pdf).replace(/\s+/g, " ");
      expect(text).toContain(en.poster.goal_one.replace("{{fees}}", "1"));
      expect(text).toContain(en.poster.cta);
    }
  });
});

describe("the host's match pledge on the poster", () => {
  const facts = { business: "Taquería Doble", cap: { en: "$500", es: "$500" } };
  let matched: string;
  let later: string;
  beforeAll(async () => {
    matched = (await makeFundraiser(server.database.db, { campaign, businessName: facts.business, matchCapCents: 50_000, matchEndsOn: isoDay(20) })).slug;
    later = (await makeFundraiser(server.database.db, { campaign, businessName: facts.business, matchCapCents: 50_000, matchStartsOn: isoDay(3), matchEndsOn: isoDay(20) })).slug;
  });
  const until = (language: "en" | "es") =>
    fillTemplate((language === "en" ? en : es).poster.matchUntil, { business: facts.business, cap: facts.cap[language], to: formatDate(isoDay(20), language) });

  it("prints the pledge in each language on the PDF and the page", async () => {
    const text = pdfText(await bytesOf(await get(`/f/${matched}/poster.pdf?size=letter&language=both`))).replace(/\s+/g, " ");
    expect(text).toContain(until("en"));
    expect(text).toContain(until("es"));
    for (const language of ["en", "es"] as const) {
      const pdf = pdfText(await bytesOf(await get(`/f/${matched}/poster.pdf?size=a4&language=${language}`))).replace(/\s+/g, " ");
      expect(pdf).toContain(until(language));
      const page = await (await get(`/f/${matched}/poster?lng=${language}`)).text();
      expect(page.replace(/&quot;/g, '"')).toContain(until(language));
    }
  });

  it("says when a pledge that has not started yet runs, and leaves out a page without one", async () => {
    const fromTo = fillTemplate(en.poster.matchFromTo, { business: facts.business, cap: "$500", from: formatDate(isoDay(3), "en"), to: formatDate(isoDay(20), "en") });
    expect(pdfText(await bytesOf(await get(`/f/${later}/poster.pdf?language=en`))).replace(/\s+/g, " ")).toContain(fromTo);
    const plain = pdfText(await bytesOf(await get("/f/cafe-luna/poster.pdf?language=both"))).replace(/\s+/g, " ");
    expect(plain).not.toContain("1:1");
    expect(await (await get("/f/cafe-luna/poster?language=both")).text()).not.toContain("poster-match");
  });
});

describe("the QR code alone", () => {
  it("serves a PNG that decodes to the fundraiser's address, cacheable", async () => {
    const response = await get("/f/cafe-luna/qr.png");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(readQrFromPng(await bytesOf(response))).toBe(publicUrl("cafe-luna"));
  });

  it("serves an SVG that decodes to the fundraiser's address, cacheable", async () => {
    const response = await get("/f/cafe-luna/qr.svg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    const svg = await response.text();
    expect(svg).not.toMatch(/<script/i);
    expect(readQrFromSvg(svg)).toBe(publicUrl("cafe-luna"));
  });
});

describe("the printable poster page", () => {
  it("shows the poster in the visitor's language with its options and downloads", async () => {
    const response = await get("/f/cafe-luna/poster?lng=es");
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("Café Luna");
    expect(body).toContain(es.poster.cta);
    expect(body).not.toContain(en.poster.cta);
    expect(body).toContain(`aria-label="${es.poster.qrLabel.replace("{{url}}", publicUrl("cafe-luna"))}"`);
    expect(body).toContain('href="/f/cafe-luna/poster.pdf?size=letter&amp;language=es"');
    expect(body).toContain('href="/f/cafe-luna/qr.png"');
    expect(body).toMatch(/<input[^>]*checked=""[^>]*value="letter"/);
  });

  it("prints both languages, marking the second one for screen readers", async () => {
    const body = await (await get("/f/cafe-luna/poster?lng=en&size=a4&language=both")).text();
    expect(body).toContain(en.poster.cta);
    expect(body).toContain(`lang="es" class="poster-second">${es.poster.cta}`);
    expect(body).toContain("poster-sheet poster-a4 poster-both");
    expect(body).toContain('href="/f/cafe-luna/poster.pdf?size=a4&amp;language=both"');
  });

  it("falls back to the visitor's defaults for unknown options", async () => {
    const response = await get("/f/cafe-luna/poster?lng=en&size=tabloid&language=fr");
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toMatch(/<input[^>]*checked=""[^>]*value="letter"/);
    expect(body).toMatch(/<input[^>]*checked=""[^>]*value="en"/);
    expect(body).toContain('href="/f/cafe-luna/poster.pdf?size=letter&amp;language=en"');
  });
});

describe("only public fundraisers have posters", () => {
  const paths = (slug: string) => [`/f/${slug}/poster`, `/f/${slug}/poster.pdf`, `/f/${slug}/qr.svg`, `/f/${slug}/qr.png`];

  it.each(["draft", "submitted", "rejected", "ended"] as const)("a %s fundraiser gets 404 everywhere", async (status) => {
    const hidden = await makeFundraiser(server.database.db, { campaign, status });
    for (const path of paths(hidden.slug)) expect((await get(path)).status, path).toBe(404);
  });

  it("an approved page past its end date gets 404; one ending today still works", async () => {
    const past = await makeFundraiser(server.database.db, { campaign, startsOn: isoDay(-30), endsOn: isoDay(-1) });
    for (const path of paths(past.slug)) expect((await get(path)).status, path).toBe(404);
    const lastDay = await makeFundraiser(server.database.db, { campaign, startsOn: isoDay(-30), endsOn: isoDay(0) });
    for (const path of paths(lastDay.slug)) expect((await get(path)).status, path).toBe(200);
  });

  it("an approved page whose campaign is not public gets 404", async () => {
    const draftCampaign = await makePublishedCampaign(server.database.db);
    await server.database.db.update(campaigns).set({ status: "draft" }).where(eq(campaigns.id, draftCampaign.id));
    const orphan = await makeFundraiser(server.database.db, { campaign: draftCampaign });
    for (const path of paths(orphan.slug)) expect((await get(path)).status, path).toBe(404);
  });

  it("an unknown slug gets 404", async () => {
    for (const path of paths("no-such-page")) expect((await get(path)).status, path).toBe(404);
  });
});
