import { asc, eq, gt } from "drizzle-orm";
import sharp from "sharp";
import { images } from "../../../db/schema";
import type { Db } from "../db/types";

/** Uploads larger than this on either side are refused: a small file can hold a huge image. */
export const MAX_UPLOAD_SIDE_PX = 6000;
export const MAX_UPLOAD_PIXELS = 24_000_000;
/** What is stored and served (and drawn on posters): at most this on the longer side. */
export const STORED_MAX_SIDE_PX = 1024;

// libvips keeps no decoded images around between requests, and one image decodes at a time.
sharp.cache(false);
sharp.concurrency(1);

export type NormalisedImage = { mimeType: "image/png" | "image/jpeg"; bytes: Buffer; width: number; height: number };
export type NormaliseOutcome = { ok: true; image: NormalisedImage } | { ok: false; error: "errors.imageDimensions" | "errors.imageType" };

/**
 * Reads an image's size from its header before decoding anything, refuses what is too large or
 * unreadable, and re-encodes the rest as a bounded copy: upright, at most 1024 px, without
 * metadata (EXIF locations included), PNG when it has transparency and JPEG otherwise — the two
 * formats every browser and the PDF posters read.
 */
export async function normaliseImage(bytes: Buffer): Promise<NormaliseOutcome> {
  let width: number;
  let height: number;
  let hasAlpha: boolean;
  try {
    // metadata() reads the header only; the pixel limit applies when decoding, below.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) return { ok: false, error: "errors.imageType" };
    // An EXIF rotation swaps the sides; the bounds hold either way.
    width = meta.width;
    height = meta.height;
    hasAlpha = meta.hasAlpha ?? false;
  } catch {
    return { ok: false, error: "errors.imageType" };
  }
  if (width > MAX_UPLOAD_SIDE_PX || height > MAX_UPLOAD_SIDE_PX || width * height > MAX_UPLOAD_PIXELS)
    return { ok: false, error: "errors.imageDimensions" };
  try {
    const pipeline = sharp(bytes, { limitInputPixels: MAX_UPLOAD_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: STORED_MAX_SIDE_PX, height: STORED_MAX_SIDE_PX, fit: "inside", withoutEnlargement: true });
    const encoded = hasAlpha ? pipeline.png({ compressionLevel: 9 }) : pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 85, mozjpeg: true });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, image: { mimeType: hasAlpha ? "image/png" : "image/jpeg", bytes: data, width: info.width, height: info.height } };
  } catch {
    return { ok: false, error: "errors.imageType" };
  }
}

/** True when stored bytes are already what `normaliseImage` makes (so posters may draw them). */
export async function isNormalised(image: { mimeType: string; bytes: Buffer }): Promise<boolean> {
  if (image.mimeType !== "image/png" && image.mimeType !== "image/jpeg") return false;
  try {
    const meta = await sharp(image.bytes, { limitInputPixels: false }).metadata();
    return !!meta.width && !!meta.height && meta.width <= STORED_MAX_SIDE_PX && meta.height <= STORED_MAX_SIDE_PX && meta.format === (image.mimeType === "image/png" ? "png" : "jpeg");
  } catch {
    return false;
  }
}

export type NormaliseSummary = { checked: number; normalised: number; unreadable: string[] };

/**
 * Brings images stored before uploads were normalised (logos, campaign images) to the same bounded
 * copy, in place under the same id so every reference keeps working. Safe to run again: images
 * already bounded are left alone. One image in memory at a time. Ones that cannot be read (or are
 * far too large to decode safely) are listed and left untouched; posters skip them.
 */
export async function normaliseStoredImages(db: Db, onProgress?: (done: number) => void): Promise<NormaliseSummary> {
  const summary: NormaliseSummary = { checked: 0, normalised: 0, unreadable: [] };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const [row] = await db.select().from(images).where(gt(images.id, after)).orderBy(asc(images.id)).limit(1);
    if (!row) break;
    after = row.id;
    summary.checked += 1;
    if (!(await isNormalised(row))) {
      const outcome = await normaliseImage(row.bytes);
      if (outcome.ok) {
        await db.update(images).set({ mimeType: outcome.image.mimeType, bytes: outcome.image.bytes }).where(eq(images.id, row.id));
        summary.normalised += 1;
      } else summary.unreadable.push(row.id);
    }
    onProgress?.(summary.checked);
  }
  return summary;
}
