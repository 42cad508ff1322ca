import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { fundraisers } from "../../../db/schema";
import type { Db } from "../db/types";
import { LedgerError, type Posted } from "./errors";
import { matchPaid, matchPledged, transfer } from "./movements";
import { postMovements, postOne } from "./post.server";

/** A host pledges a match: owed to the campaign, never allocatable until paid. */
export async function recordMatchPledged(
  db: Db,
  p: { campaignId: string; fundraiserId: string; amountCents: number; idempotencyKey: string },
): Promise<Posted> {
  if (!(p.amountCents > 0)) throw new LedgerError("invalid_amount");
  return postOne(db, matchPledged(p));
}

/** The host paid (part of) its match: the receivable settles and the money enters the pool. */
export async function recordMatchPaid(
  db: Db,
  p: { campaignId: string; fundraiserId: string; amountCents: number; idempotencyKey: string },
): Promise<Posted> {
  const movement = matchPaid(p);
  return db.transaction(async (tx) => {
    const [posted] = (await postMovements(tx, [movement])) as Posted[];
    if (!posted!.duplicate)
      await tx.update(fundraisers).set({ matchPaidCents: sql`${fundraisers.matchPaidCents} + ${p.amountCents}` }).where(eq(fundraisers.id, p.fundraiserId));
    return posted!;
  });
}

/** Staff move available money from one campaign's pool to another's (the caller records the audit). */
export async function transferBetweenPools(
  db: Db,
  p: { fromCampaignId: string; toCampaignId: string; amountCents: number; actorUserId: string; reason: string; idempotencyKey?: string },
): Promise<Posted> {
  return postOne(db, transfer({ ...p, idempotencyKey: p.idempotencyKey ?? `transfer:${randomUUID()}` }));
}
