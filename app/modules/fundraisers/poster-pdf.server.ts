import fs from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { PaperSize } from "./poster-options";
import type { PosterText } from "./poster-text";
import { qrMatrix, qrRuns, QUIET_ZONE } from "./qr.server";

/** What the PDF prints: the host's own words once, the rest in each chosen language. */
export type PosterPdfInput = {
  businessName: string;
  title: string;
  url: string;
  shortUrl: string;
  texts: PosterText[];
  logo: Buffer | null;
  organizationName: string;
};

const pageSizes: Record<PaperSize, [number, number]> = { letter: [612, 792], a4: [595.28, 841.89] };
const ink = "#1b1b1b";
const green = "#1f4d3a";
const muted = "#4a4a4a";

// DejaVu Sans covers Spanish, Vietnamese, Polish, Greek, Cyrillic…: any name a host types in a
// Latin, Greek or Cyrillic script prints without missing glyphs. pdfkit embeds only the glyphs used.
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

type Block = { height: number; draw: (y: number) => void };

/** A one-page poster, drawn as vectors (text with embedded fonts, the QR code as filled squares). */
export async function renderPosterPdf(input: PosterPdfInput, size: PaperSize): Promise<Buffer> {
  const [width, height] = pageSizes[size];
  const first = input.texts[0]!;
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    lang: first.language === "es" ? "es-US" : "en-US",
    displayTitle: true,
    info: {
      Title: `${input.businessName}: ${input.title}`,
      Author: input.organizationName,
      Subject: input.url,
    },
  });
  const { regular, bold } = loadFonts();
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const done = collect(doc);

  const margin = 54;
  const contentWidth = width - 2 * margin;
  const colorOf = (index: number) => (index === 0 ? ink : green);

  const text = (value: string, options: { font: "regular" | "bold"; size: number; color: string; gap?: number }): Block => {
    doc.font(options.font).fontSize(options.size);
    const h = doc.heightOfString(value, { width: contentWidth, align: "center" });
    return {
      height: h + (options.gap ?? 0),
      draw: (y) => {
        doc.font(options.font).fontSize(options.size).fillColor(options.color);
        doc.text(value, margin, y, { width: contentWidth, align: "center" });
      },
    };
  };
  const perLanguage = (pick: (t: PosterText) => string, font: "regular" | "bold", size: number, gap: number): Block[] =>
    input.texts.map((t, i) => text(pick(t), { font, size: i === 0 ? size : size * 0.85, color: colorOf(i), gap: i === input.texts.length - 1 ? gap : 2 }));
  const fitted = (value: string, font: "regular" | "bold", max: number, min: number, maxLines: number, gap: number): Block =>
    text(value, { font, size: fitFontSize(doc, value, font, contentWidth, max, min, maxLines), color: ink, gap });

  const logo = input.logo ? logoBlock(doc, input.logo, width) : null;
  const top: Block[] = [
    ...(logo ? [logo] : []),
    fitted(input.businessName, "bold", 34, 18, 2, 2),
    ...perLanguage((t) => t.raisingFor, "regular", 15, 14),
    fitted(input.title, "bold", 40, 20, 3, 12),
    ...perLanguage((t) => t.goal, "bold", 18, 10),
    ...(first.match ? perLanguage((t) => t.match ?? "", "bold", 14, 10) : []),
  ];
  const pitch = perLanguage((t) => t.pitch, "regular", 12, 14);
  const cta = perLanguage((t) => t.cta, "bold", 30, 6);
  const below: Block[] = [
    text(input.texts.map((t) => t.visit).join(" · "), { font: "regular", size: 13, color: muted, gap: 2 }),
    fitted(input.shortUrl, "bold", 18, 11, 1, 10),
    ...perLanguage((t) => t.giveBy, "bold", 14, 0),
  ];
  const footer = text(input.texts.map((t) => t.footer).join(" · "), { font: "regular", size: 10, color: muted });

  const sum = (blocks: Block[]) => blocks.reduce((total, b) => total + b.height, 0);
  const available = height - 2 * margin - footer.height - 12;
  // The QR code takes what the words leave, between 2.5 and 4.5 inches; the pitch goes first if space is short.
  const withPitch = available - sum(top) - sum(pitch) - sum(cta) - sum(below) - 16;
  const keepPitch = withPitch >= 180;
  const qrSide = Math.max(180, Math.min(324, contentWidth, keepPitch ? withPitch : withPitch + sum(pitch)));
  const qr = qrBlock(doc, input.url, qrSide, width);

  const blocks = [...top, ...(keepPitch ? pitch : []), ...cta, qr, ...below];
  const spare = Math.max(0, available - sum(blocks) - 16);
  let y = margin + spare / 2;
  for (const block of blocks) {
    block.draw(y);
    y += block.height;
  }
  footer.draw(height - margin - footer.height);

  doc.lineWidth(3).strokeColor(green).rect(margin / 2, margin / 2, width - margin, height - margin).stroke();
  doc.end();
  return done;
}

/** The largest size (whole points) at which the text fits in `maxLines` lines. */
function fitFontSize(doc: PDFKit.PDFDocument, value: string, font: string, width: number, max: number, min: number, maxLines: number) {
  for (let size = max; size > min; size--) {
    doc.font(font).fontSize(size);
    if (doc.heightOfString(value, { width, align: "center" }) <= doc.currentLineHeight(true) * maxLines + 1) return size;
  }
  return min;
}

function qrBlock(doc: PDFKit.PDFDocument, url: string, side: number, pageWidth: number): Block {
  const matrix = qrMatrix(url);
  const unit = side / (matrix.size + 2 * QUIET_ZONE);
  return {
    height: side + 4,
    draw: (y) => {
      const x = (pageWidth - side) / 2;
      doc.rect(x, y, side, side).fill("#ffffff");
      // One path, one fill: adjacent modules merge without hairline seams when rasterised.
      for (const run of qrRuns(matrix)) doc.rect(x + run.x * unit, y + run.y * unit, run.width * unit, unit);
      doc.fill("#000000");
      doc.link(x, y, side, side, url);
    },
  };
}

function logoBlock(doc: PDFKit.PDFDocument, bytes: Buffer, pageWidth: number): Block {
  const box = { width: 200, height: 64 };
  return {
    height: box.height + 12,
    draw: (y) => {
      try {
        doc.image(bytes, (pageWidth - box.width) / 2, y, { fit: [box.width, box.height], align: "center", valign: "center" });
      } catch {
        // An image pdfkit cannot read: the poster goes without the logo.
      }
    },
  };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}
