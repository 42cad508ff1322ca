import QRCode from "qrcode";

/** Light modules around the symbol that scanners need to find it (the QR standard asks for 4). */
export const QUIET_ZONE = 4;

/** The dark modules of a QR code as a grid; `size` is modules per side, without the quiet zone. */
export type QrMatrix = { size: number; isDark: (row: number, col: number) => boolean };

/** Level M survives a little wear (about 15 %) and keeps a short URL in a small, coarse symbol. */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, isDark: (row, col) => modules.get(row, col) === 1 };
}

/**
 * Runs of dark modules on each row, in module units, offset by the quiet zone: the one vector
 * shape that the SVG, the poster page and the PDF all draw.
 */
export function qrRuns(matrix: QrMatrix): { x: number; y: number; width: number }[] {
  const runs: { x: number; y: number; width: number }[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      runs.push({ x: start + QUIET_ZONE, y: row + QUIET_ZONE, width: col - start });
    }
  }
  return runs;
}

/** The QR code as one SVG path (`d`) and its side in modules, quiet zone included. */
export function qrPath(text: string): { d: string; side: number } {
  const matrix = qrMatrix(text);
  const d = qrRuns(matrix)
    .map((r) => `M${r.x} ${r.y}h${r.width}v1h-${r.width}z`)
    .join("");
  return { d, side: matrix.size + 2 * QUIET_ZONE };
}

/** A standalone SVG document: black on white, crisp at any size, with a title for screen readers. */
export function qrSvg(text: string, title: string): string {
  const { d, side } = qrPath(text);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 8}" height="${side * 8}" shape-rendering="crispEdges" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${side}" height="${side}" fill="#fff"/>`,
    `<path fill="#000" d="${d}"/>`,
    `</svg>`,
  ].join("");
}

/** A PNG big enough to print (about 10 cm at 300 dpi). */
export async function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: QUIET_ZONE, width: 1200 });
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
