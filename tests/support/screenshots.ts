import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Where a browser test writes a screenshot: a temporary folder, so test runs never change the
 * repository. `npm run docs:images` sets FONDO_README_IMAGES=1 to refresh the README's images
 * in docs/images instead.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.FONDO_README_IMAGES === "1" ? path.resolve(__dirname, "../../docs/images") : path.join(os.tmpdir(), "fondo-screenshots");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
