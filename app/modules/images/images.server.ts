import { eq } from "drizzle-orm";
import { images } from "../../../db/schema";
import type { Db } from "../db/types";
import { normaliseImage } from "./normalise.server";
import { readForm } from "../forms/read-form.server";

export const MAX_IMAGE_BYTES = 1024 * 1024;

export async function findImage(db: Db, id: string) {
  const [image] = await db.select().from(images).where(eq(images.id, id));
  return image;
}

/** Recognises PNG, JPEG and WebP by their bytes, never by the name or declared type. */
export function sniffImageType(bytes: Buffer): "image/png" | "image/jpeg" | "image/webp" | null {
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length > 12 && bytes.toString("ascii", 0, 4) === "RIFF" && bytes.toString("ascii", 8, 12) === "WEBP") return "image/webp";
  return null;
}

export type ParsedUpload = {
  formData: FormData;
  image: { mimeType: string; bytes: Buffer } | null;
  /** A translation key when the uploaded file is not acceptable. */
  imageError: string | null;
};

/**
 * Reads a form with at most one image field, under the upload caps (readForm). An oversized or
 * non-image file becomes a field error rather than an exception, so the form can answer with
 * what went wrong.
 */
export async function parseFormWithImage(request: Request, field: string): Promise<ParsedUpload> {
  const formData = await readForm(request, { upload: true });
  const stray = [...formData].filter(([name, value]) => name !== field && typeof value !== "string").map(([name]) => name);
  for (const name of stray) formData.delete(name);
  const file = formData.get(field);
  formData.delete(field);
  if (!(file instanceof Blob) || file.size === 0) return { formData, image: null, imageError: null };
  if (file.size > MAX_IMAGE_BYTES) return { formData, image: null, imageError: "errors.imageTooLarge" };
  const bytes = Buffer.from(await file.arrayBuffer());
  if (!sniffImageType(bytes)) return { formData, image: null, imageError: "errors.imageType" };
  // Pixel dimensions are checked before decoding; what is stored is a bounded, re-encoded copy.
  const normalised = await normaliseImage(bytes);
  if (!normalised.ok) return { formData, image: null, imageError: normalised.error };
  return { formData, image: { mimeType: normalised.image.mimeType, bytes: normalised.image.bytes }, imageError: null };
}
