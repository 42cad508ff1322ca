import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** What a phone camera would read from a PNG image, or null when it finds no QR code. */
export function readQrFromPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return code?.data ?? null;
}

/** Rasterises an SVG document (resvg, a real SVG renderer) and reads its QR code. */
export function readQrFromSvg(svg: string): string | null {
  return readQrFromPng(Buffer.from(new Resvg(svg, { fitTo: { mode: "width", value: 600 } }).render().asPng()));
}

/** Poppler's own tools on a PDF in a scratch folder (Debian's poppler-utils). */
function withPdfFile<T>(pdf: Buffer, read: (file: string, dir: string) => T): T {
  for (const tool of ["pdftoppm", "pdftotext"]) {
    if (spawnSync(tool, ["-v"]).error) throw new Error(`The poster tests need ${tool}: apt-get install poppler-utils (bash .ci/run installs it)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fondo-poster-"));
  try {
    const file = path.join(dir, "poster.pdf");
    fs.writeFileSync(file, pdf);
    return read(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page printed at `dpi` by pdftoppm, as PNG bytes. */
export function rasterisePdf(pdf: Buffer, dpi = 100): Buffer {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync("pdftoppm", ["-r", String(dpi), "-png", "-f", "1", "-singlefile", file, path.join(dir, "page")]);
    return fs.readFileSync(path.join(dir, "page.png"));
  });
}

/** The PDF's text as pdftotext extracts it (what its embedded fonts map back to Unicode). */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));
}
