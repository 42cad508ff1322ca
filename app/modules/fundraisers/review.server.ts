import { and, desc, eq, isNotNull, or } from "drizzle-orm";
import { campaigns, fundraisers, users } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import type { Db } from "../db/types";
import { recordMatchPaid } from "../ledger/transfers.server";
import { FundraiserError, findFundraiserById } from "./fundraisers.server";
import { notifyHost } from "./notify.server";

/** Pages waiting for staff: new pages submitted, and live pages with an edited story. */
export async function listReviewQueue(db: Db) {
  return db
    .select({ fundraiser: fundraisers, campaignTitleEn: campaigns.titleEn, campaignTitleEs: campaigns.titleEs, hostEmail: users.email })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .innerJoin(users, eq(users.id, fundraisers.hostUserId))
    .where(or(eq(fundraisers.status, "submitted"), and(eq(fundraisers.status, "approved"), eq(fundraisers.revisionStatus, "submitted"))))
    .orderBy(fundraisers.submittedAt);
}

export async function listAllFundraisers(db: Db) {
  return db
    .select({ fundraiser: fundraisers, campaignTitleEn: campaigns.titleEn, campaignTitleEs: campaigns.titleEs })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .where(isNotNull(fundraisers.id))
    .orderBy(desc(fundraisers.createdAt));
}

type Decision = (
  | { intent: "approve" }
  | { intent: "reject"; reason: string }
  | { intent: "approveRevision" }
  | { intent: "rejectRevision"; reason: string }
) & { /** The page's updatedAt (ISO) when the reviewer loaded it. */ version: string };

const noBrandingChange = { pendingBranding: false, pendingBusinessName: null, pendingLogoImageId: null };

/** A staff decision on a submitted page or on a live page's edited story; the host is emailed. */
export async function reviewFundraiser(db: Db, p: { id: string; decision: Decision; actorUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [f] = await tx.select().from(fundraisers).where(eq(fundraisers.id, p.id)).for("update");
    if (!f) throw new FundraiserError("errors.notFound");
    const d = p.decision;
    // The host may have edited the page since the reviewer opened it: never approve unseen text.
    if (new Date(d.version).getTime() !== f.updatedAt.getTime()) throw new FundraiserError("staffFundraisers.changedSinceViewed");
    const now = new Date();
    if ((d.intent === "approve" || d.intent === "reject") && f.status !== "submitted") throw new FundraiserError("errors.invalidTransition");
    if ((d.intent === "approveRevision" || d.intent === "rejectRevision") && !(f.status === "approved" && f.revisionStatus === "submitted"))
      throw new FundraiserError("errors.invalidTransition");
    const changes = {
      approve: { status: "approved" as const, approvedAt: now, rejectionReason: null },
      reject: { status: "rejected" as const, rejectionReason: "reason" in d ? d.reason : null },
      approveRevision: {
        ...(f.pendingTitle !== null ? { title: f.pendingTitle, storyEn: f.pendingStoryEn, storyEs: f.pendingStoryEs } : {}),
        ...(f.pendingBranding ? { businessName: f.pendingBusinessName ?? f.businessName, logoImageId: f.pendingLogoImageId } : {}),
        pendingTitle: null,
        pendingStoryEn: null,
        pendingStoryEs: null,
        ...noBrandingChange,
        revisionStatus: null,
        revisionRejectionReason: null,
      },
      // A refused name or logo is dropped (the page keeps the approved one); a refused story stays for the host to rework.
      rejectRevision: { revisionStatus: "rejected" as const, revisionRejectionReason: "reason" in d ? d.reason : null, ...noBrandingChange },
    }[d.intent];
    await tx.update(fundraisers).set({ ...changes, updatedAt: now }).where(eq(fundraisers.id, f.id));
    await recordAudit(tx, {
      actorUserId: p.actorUserId,
      action: `fundraiser.${d.intent}`,
      subjectType: "fundraiser",
      subjectId: f.id,
      details: "reason" in d ? { reason: d.reason } : {},
    });
    const email = { approve: "approved", reject: "rejected", approveRevision: "revision_approved", rejectRevision: "revision_rejected" } as const;
    await notifyHost(tx, f.id, email[d.intent]);
  });
}

/** Staff record a match paid outside Stripe (a check from the business): it settles into the pool. */
export async function markMatchReceived(db: Db, p: { id: string; amountCents: number; requestKey: string; actorUserId: string }): Promise<void> {
  const f = await findFundraiserById(db, p.id);
  if (!f) throw new FundraiserError("errors.notFound");
  if (p.amountCents > f.matchedCents - f.matchPaidCents) throw new FundraiserError("fundraiserErrors.matchTooMuch", "amount");
  await recordMatchPaid(db, { campaignId: f.campaignId, fundraiserId: f.id, amountCents: p.amountCents, idempotencyKey: `match-paid:staff:${p.requestKey}` });
  await recordAudit(db, {
    actorUserId: p.actorUserId,
    action: "fundraiser.match_received",
    subjectType: "fundraiser",
    subjectId: f.id,
    details: { amountCents: p.amountCents },
  });
}
