import { parseFormWithImage } from "../images/images.server";
import { campaignSchema } from "./schema";
import { parseSubmission } from "../forms/read-form.server";

/** Parses the multipart campaign form; image problems become a field error like any other. */
export async function parseCampaignForm(request: Request) {
  const { formData, image, imageError } = await parseFormWithImage(request, "image");
  const submission = parseSubmission(formData, { schema: campaignSchema });
  if (submission.status !== "success" || imageError) {
    const fieldErrors: Record<string, string[]> = {};
    if (submission.status !== "success") Object.assign(fieldErrors, submission.error ?? {});
    if (imageError) fieldErrors.image = [imageError];
    return { ok: false as const, reply: submission.reply({ fieldErrors }) };
  }
  return { ok: true as const, input: submission.value, image, submission };
}
