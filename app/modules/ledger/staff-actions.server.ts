import { and, eq } from "drizzle-orm";
import { disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Flash } from "../flash/flash.server";
import { allocateFee, allocateWholeFees, releaseFee } from "./allocation.server";
import { recordFeeReturned } from "./disbursements.server";
import { LedgerError } from "./errors";

type RequestAction =
  | { intent: "allocate-queue" }
  | { intent: "allocate"; requestId: string }
  | { intent: "release"; requestId: string }
  | { intent: "fee-returned"; disbursementId: string };

/**
 * Staff money actions from the requests page. Every id must belong to the campaign in the URL
 * (object-level authorization); the answer is a flash message for the next page.
 */
export async function performRequestAction(db: Db, p: { campaignId: string; actorUserId: string; action: RequestAction }): Promise<Flash> {
  const a = p.action;
  if (a.intent === "allocate-queue") {
    const result = await allocateWholeFees(db, { campaignId: p.campaignId });
    return { kind: "success", key: "requests.allocatedQueue", params: { count: result.funded } };
  }
  if (a.intent === "fee-returned") {
    const [d] = await db.select().from(disbursements).where(and(eq(disbursements.id, a.disbursementId), eq(disbursements.campaignId, p.campaignId)));
    if (!d) throw new Response("Not found", { status: 404 });
  } else {
    const [r] = await db.select().from(feeRequests).where(and(eq(feeRequests.id, a.requestId), eq(feeRequests.campaignId, p.campaignId)));
    if (!r) throw new Response("Not found", { status: 404 });
  }
  try {
    if (a.intent === "allocate") await allocateFee(db, { feeRequestId: a.requestId, actorUserId: p.actorUserId });
    else if (a.intent === "release") await releaseFee(db, { feeRequestId: a.requestId, nextStatus: "approved", actorUserId: p.actorUserId, memo: "released by staff" });
    else await recordFeeReturned(db, { disbursementId: a.disbursementId, recordedByUserId: p.actorUserId });
  } catch (error) {
    if (error instanceof LedgerError) return { kind: "error", key: error.messageKey };
    throw error;
  }
  const done = { allocate: "requests.funded", release: "requests.released", "fee-returned": "requests.returnedFlash" } as const;
  return { kind: "success", key: done[a.intent] };
}
