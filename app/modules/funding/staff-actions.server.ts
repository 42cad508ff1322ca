import { and, eq } from "drizzle-orm";
import { disbursements, feeRequests } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Flash } from "../flash/flash.server";
import { LedgerError } from "../ledger/errors";
import { fundQueue, fundRequest, releaseRequest, returnFee } from "./funding.server";

type RequestAction =
  | { intent: "allocate-queue" }
  | { intent: "allocate"; requestId: string }
  | { intent: "release"; requestId: string }
  | { intent: "fee-returned"; disbursementId: string };

/**
 * Staff money actions from the requests page. Every id must belong to the campaign in the URL
 * (object-level authorization: otherwise LedgerError "not_found", which the route answers 404);
 * the answer is a flash message for the next page.
 */
export async function performRequestAction(db: Db, p: { campaignId: string; actorUserId: string; action: RequestAction }): Promise<Flash> {
  const a = p.action;
  if (a.intent === "allocate-queue") {
    const result = await fundQueue(db, { campaignId: p.campaignId });
    return { kind: "success", key: "requests.allocatedQueue", params: { count: result.funded } };
  }
  if (a.intent === "fee-returned") {
    const [d] = await db.select().from(disbursements).where(and(eq(disbursements.id, a.disbursementId), eq(disbursements.campaignId, p.campaignId)));
    if (!d) throw new LedgerError("not_found");
  } else {
    const [r] = await db.select().from(feeRequests).where(and(eq(feeRequests.id, a.requestId), eq(feeRequests.campaignId, p.campaignId)));
    if (!r) throw new LedgerError("not_found");
  }
  try {
    if (a.intent === "allocate") await fundRequest(db, { feeRequestId: a.requestId, actorUserId: p.actorUserId });
    else if (a.intent === "release") await releaseRequest(db, { feeRequestId: a.requestId, actorUserId: p.actorUserId });
    else await returnFee(db, { disbursementId: a.disbursementId, recordedByUserId: p.actorUserId });
  } catch (error) {
    if (error instanceof LedgerError && error.code !== "not_found") return { kind: "error", key: error.messageKey };
    throw error;
  }
  const done = { allocate: "requests.funded", release: "requests.released", "fee-returned": "requests.returnedFlash" } as const;
  return { kind: "success", key: done[a.intent] };
}
