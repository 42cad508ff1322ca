import fs from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { formatDate } from "../dates/format";
import { formatMoney } from "../i18n/format";
import type { Language } from "../i18n/config";
import { translator } from "../i18n/translator";
import type { Organization } from "../organization/organization.server";
import type { DonorGift } from "./gifts.server";

const require = createRequire(import.meta.url);
const font = () => fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"));
const bold = () => fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"));

function pdf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "LETTER", margin: 56, info: { Title: "Fondo" } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.registerFont("regular", font());
    doc.registerFont("bold", bold());
    draw(doc);
    doc.end();
  });
}

const taxLine = (t: ReturnType<typeof translator>, org: Organization) =>
  org.ein ? t("email.receipt.taxDeductibleDocument", { organizationName: org.name, ein: org.ein }) : t("email.receipt.notTaxDeductibleDocument");

/** One gift's receipt as a PDF: the same facts and words as the emailed receipt. */
export function receiptPdf(org: Organization, gift: DonorGift & { giftCents: number; feeCoverCents: number; donorName: string | null }, lang: Language): Promise<Buffer> {
  const t = translator(lang);
  const money = (c: number) => formatMoney(c, lang);
  return pdf((doc) => {
    doc.font("bold").fontSize(18).text(org.name).moveDown(0.5);
    doc.fontSize(14).text(gift.donorName ? t("email.receipt.headingNamed", { name: gift.donorName }) : t("email.receipt.heading")).moveDown();
    doc.font("regular").fontSize(11);
    doc.text(t(gift.monthly ? "email.receipt.bodyMonthly" : "email.receipt.body", { organizationName: org.name })).moveDown();
    doc.text(`${t("donorPage.campaign")}: ${lang === "es" ? gift.campaignTitleEs : gift.campaignTitleEn}${gift.fundraiserTitle ? ` (${gift.fundraiserTitle})` : ""}`);
    doc.text(`${t("email.receipt.gift")}: ${money(gift.giftCents)}`);
    if (gift.feeCoverCents > 0) doc.text(`${t("email.receipt.cover")}: ${money(gift.feeCoverCents)}`);
    doc.text(`${t("email.receipt.total")}: ${money(gift.cents)}`);
    if (gift.refundedCents > 0) doc.text(`${t("donorPage.refunded")}: ${money(gift.refundedCents)}`);
    doc.text(`${t("email.receipt.date")}: ${formatDate(gift.date, lang)}`);
    doc.text(`${t("email.receipt.reference")}: ${gift.reference}`).moveDown();
    doc.text(taxLine(t, org)).moveDown();
    doc.text(t("email.receipt.pool"));
  });
}

/** A year's gifts of one address as a PDF statement, net of refunds and lost disputes. */
export function statementPdf(org: Organization, year: number, email: string, gifts: DonorGift[], lang: Language): Promise<Buffer> {
  const t = translator(lang);
  const money = (c: number) => formatMoney(c, lang);
  const total = gifts.reduce((sum, g) => sum + g.cents - g.refundedCents, 0);
  return pdf((doc) => {
    doc.font("bold").fontSize(18).text(org.name).moveDown(0.5);
    doc.fontSize(14).text(t("donorPage.statementTitle", { year })).moveDown(0.5);
    doc.font("regular").fontSize(11).text(t("donorPage.statementFor", { email })).moveDown();
    for (const g of [...gifts].reverse()) {
      const net = g.refundedCents > 0 ? ` (${t("donorPage.refunded")}: ${money(g.refundedCents)})` : "";
      doc.text(`${formatDate(g.date, lang)} · ${lang === "es" ? g.campaignTitleEs : g.campaignTitleEn} · ${money(g.cents)}${net} · ${g.reference}`);
    }
    doc.moveDown().font("bold").text(`${t("email.receipt.total")}: ${money(total)}`).font("regular").moveDown();
    doc.text(taxLine(t, org));
  });
}
