import type { Db } from "../db/types";
import type { Flash } from "../flash/flash.server";
import { LedgerError } from "../ledger/errors";
import type { UscisAction } from "./schema";
import { recordDecision, recordEvidenceRequested, recordEvidenceSent, recordFiled, recordRefiled, recordRejectedAtIntake, UscisError } from "./status.server";

/** One staff step on USCIS's side of a case, answered as a flash message for the next page. */
export async function performUscisAction(db: Db, p: { feeRequestId: string; actorUserId: string; action: UscisAction }): Promise<Flash> {
  const a = p.action;
  const step = { feeRequestId: p.feeRequestId, actorUserId: p.actorUserId };
  try {
    if (a.intent === "uscis-filed") await recordFiled(db, { ...step, filedOn: a.filedOn, receipt: a.receipt });
    else if (a.intent === "uscis-evidence") await recordEvidenceRequested(db, { ...step, dueOn: a.dueOn });
    else if (a.intent === "uscis-evidence-sent") await recordEvidenceSent(db, step);
    else if (a.intent === "uscis-decided") await recordDecision(db, { ...step, decidedOn: a.decidedOn, decision: a.decision });
    else if (a.intent === "uscis-refiled") await recordRefiled(db, step);
    else await recordRejectedAtIntake(db, { ...step, rejectedOn: a.rejectedOn, forms: a.forms?.length ? a.forms : undefined });
  } catch (error) {
    if (error instanceof UscisError && error.code !== "not_found") return { kind: "error", key: `uscis.flash.${error.code}` };
    if (error instanceof LedgerError && error.code !== "not_found") return { kind: "error", key: error.messageKey };
    throw error;
  }
  return { kind: "success", key: `uscis.flash.${a.intent}` };
}
