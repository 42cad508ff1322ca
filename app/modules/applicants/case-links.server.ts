import { and, eq, gt, isNull } from "drizzle-orm";
import { caseLinks } from "../../../db/schema";
import { generateSecret, hashSecret } from "../auth/tokens.server";
import type { Db } from "../db/types";

import { CASE_LINK_TTL_HOURS } from "./policy";

export { CASE_LINK_TTL_HOURS };
const CASE_LINK_TTL_MS = CASE_LINK_TTL_HOURS * 3_600_000;

/**
 * A fresh single-use link token for a case (only its hash is stored). Older unused links of the
 * case stop working, so at most one emailed link opens a case at any time.
 */
export async function createCaseLink(db: Db, feeRequestId: string, now = new Date()): Promise<string> {
  await db
    .update(caseLinks)
    .set({ expiresAt: now })
    .where(and(eq(caseLinks.feeRequestId, feeRequestId), isNull(caseLinks.usedAt), gt(caseLinks.expiresAt, now)));
  const token = generateSecret();
  await db.insert(caseLinks).values({ tokenHash: hashSecret(token), feeRequestId, expiresAt: new Date(now.getTime() + CASE_LINK_TTL_MS), createdAt: now });
  return token;
}

/** Spends a link once: only an unused, unexpired token matches, so two clicks cannot both succeed. */
export async function consumeCaseLink(db: Db, token: string, now = new Date()): Promise<string | null> {
  const [spent] = await db
    .update(caseLinks)
    .set({ usedAt: now })
    .where(and(eq(caseLinks.tokenHash, hashSecret(token)), isNull(caseLinks.usedAt), gt(caseLinks.expiresAt, now)))
    .returning({ feeRequestId: caseLinks.feeRequestId });
  return spent?.feeRequestId ?? null;
}
