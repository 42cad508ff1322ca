import type { ActionFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { caseSummary } from "~/modules/applicants/review.server";
import { createCaseCard } from "~/modules/issuing/cards.server";
import { IssuingError } from "~/modules/issuing/errors";
import { revealCard } from "~/modules/issuing/reveal.server";
import { caseCardActionSchema } from "~/modules/issuing/schema";

/**
 * The case's card (ADR 0024): staff create it, or ask for one reveal of its number — an ephemeral
 * key for Stripe's Issuing Elements frame, audited. The number itself never passes through here.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const found = await foundOr404(params.id, (id) => caseSummary(getDb(), id));
  const feeRequestId = found.request.id;
  const submission = parseSubmission(await readForm(request), { schema: caseCardActionSchema });
  if (submission.status !== "success") return Response.json({ error: "invalid" }, { status: 400, headers: { "Cache-Control": "no-store" } });
  const back = `/staff/cases/${feeRequestId}`;
  try {
    if (submission.value.intent === "card-create") {
      await createCaseCard(getDb(), { feeRequestId, actorUserId: session.user.id });
      return redirectWithFlash(back, { kind: "success", key: "issuing.created" });
    }
    const key = await revealCard(getDb(), { feeRequestId, actorUserId: session.user.id, nonce: submission.value.nonce });
    return Response.json(key, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof IssuingError)) throw error;
    if (submission.value.intent === "card-create") return redirectWithFlash(back, { kind: "error", key: error.messageKey });
    return Response.json({ error: error.code }, { status: 409, headers: { "Cache-Control": "no-store" } });
  }
}
