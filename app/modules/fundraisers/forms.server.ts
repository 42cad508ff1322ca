import type { ZodTypeAny } from "zod";
import { parseFormWithImage } from "../images/images.server";
import { parseSubmission } from "../forms/read-form.server";

/** Parses a multipart form with a logo; a bad file is a field error like any other, and nothing is stored. */
export async function parseFormWithLogo<S extends ZodTypeAny>(request: Request, schema: S) {
  const { formData, image, imageError } = await parseFormWithImage(request, "logo");
  const submission = parseSubmission(formData, { schema });
  if (submission.status !== "success" || imageError) {
    const fieldErrors: Record<string, string[]> = {};
    if (submission.status !== "success") Object.assign(fieldErrors, submission.error ?? {});
    if (imageError) fieldErrors.logo = [imageError];
    return { ok: false as const, reply: submission.reply({ fieldErrors }), formData };
  }
  return { ok: true as const, value: submission.value as S["_output"], logo: image, submission, formData };
}
