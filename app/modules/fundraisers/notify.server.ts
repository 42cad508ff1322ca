import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { campaigns, donations, fundraisers, users } from "../../../db/schema";
import { campaignFeeCents } from "../campaigns/campaigns.server";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { getOrganization } from "../organization/organization.server";
import { publicUrl } from "../http/public-url.server";

export type HostUpdate = "submitted" | "approved" | "rejected" | "revision_submitted" | "revision_approved" | "revision_rejected";

async function context(tx: Db, fundraiserId: string) {
  const [row] = await tx
    .select({ fundraiser: fundraisers, campaign: campaigns, host: { email: users.email, locale: users.locale } })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .innerJoin(users, eq(users.id, fundraisers.hostUserId))
    .where(eq(fundraisers.id, fundraiserId));
  if (!row) return null;
  const organizationName = (await getOrganization(tx)).name;
  const appUrl = publicUrl();
  return {
    ...row,
    organizationName,
    pageUrl: `${appUrl}/f/${row.fundraiser.slug}`,
    dashboardUrl: `${appUrl}/host/fundraisers/${row.fundraiser.id}`,
    campaignTitle: row.host.locale === "es" ? row.campaign.titleEs : row.campaign.titleEn,
  };
}

/**
 * Emails the host about a change to their page (queued in the caller's transaction). "ended"
 * sends the summary, with the match payment link when a match is owed, at most once.
 */
export async function notifyHost(tx: Db, fundraiserId: string, what: HostUpdate | "ended"): Promise<void> {
  if (what === "ended") return notifyEnded(tx, fundraiserId);
  const c = await context(tx, fundraiserId);
  if (!c) return;
  const reason = what === "rejected" ? c.fundraiser.rejectionReason : what === "revision_rejected" ? c.fundraiser.revisionRejectionReason : null;
  await enqueueEmail(tx, {
    template: "fundraiser-update",
    to: c.host.email,
    locale: c.host.locale,
    props: {
      organizationName: c.organizationName,
      kind: what,
      title: c.fundraiser.title,
      reason,
      pageUrl: c.pageUrl,
      dashboardUrl: c.dashboardUrl,
    },
  });
}

async function giftsCount(tx: Db, fundraiserId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(donations)
    .where(and(eq(donations.fundraiserId, fundraiserId), inArray(donations.status, ["succeeded", "partially_refunded"])));
  return Number(row?.n ?? 0);
}

async function notifyEnded(tx: Db, fundraiserId: string): Promise<void> {
  const [claimed] = await tx
    .update(fundraisers)
    .set({ endedEmailedAt: new Date() })
    .where(and(eq(fundraisers.id, fundraiserId), isNull(fundraisers.endedEmailedAt)))
    .returning({ id: fundraisers.id });
  if (!claimed) return;
  const c = await context(tx, fundraiserId);
  if (!c) return;
  const fee = await campaignFeeCents(tx, c.campaign);
  const owed = c.fundraiser.matchedCents - c.fundraiser.matchPaidCents;
  await enqueueEmail(tx, {
    template: "fundraiser-ended",
    to: c.host.email,
    locale: c.host.locale,
    props: {
      organizationName: c.organizationName,
      title: c.fundraiser.title,
      raisedCents: c.fundraiser.raisedCents,
      gifts: await giftsCount(tx, fundraiserId),
      renewalsFunded: fee ? Math.floor(c.fundraiser.raisedCents / fee) : 0,
      matchedCents: c.fundraiser.matchedCents,
      matchOwedCents: owed,
      matchPaymentUrl: owed > 0 ? `${c.dashboardUrl}/pay-match` : null,
      dashboardUrl: c.dashboardUrl,
    },
  });
}

/**
 * After a gift through a page (in the gift's transaction): the host hears of the first gift, of
 * half the goal and of the whole goal, each once — the conditional update claims the email.
 */
export async function notifyProgress(tx: Db, fundraiserId: string | null | undefined): Promise<void> {
  if (!fundraiserId) return;
  const c = await context(tx, fundraiserId);
  if (!c) return;
  const fee = (await campaignFeeCents(tx, c.campaign)) ?? 0;
  const goalCents = c.fundraiser.goalFees * fee;
  const milestones = [
    { kind: "first_gift" as const, column: fundraisers.firstGiftEmailedAt, key: "firstGiftEmailedAt" as const, reached: sql`${fundraisers.raisedCents} > 0` },
    { kind: "half_goal" as const, column: fundraisers.halfGoalEmailedAt, key: "halfGoalEmailedAt" as const, reached: sql`${fee} > 0 and ${fundraisers.raisedCents} * 2 >= ${goalCents}` },
    { kind: "goal" as const, column: fundraisers.goalEmailedAt, key: "goalEmailedAt" as const, reached: sql`${fee} > 0 and ${fundraisers.raisedCents} >= ${goalCents}` },
  ];
  for (const m of milestones) {
    const [claimed] = await tx
      .update(fundraisers)
      .set({ [m.key]: new Date() })
      .where(and(eq(fundraisers.id, fundraiserId), isNull(m.column), m.reached))
      .returning({ raisedCents: fundraisers.raisedCents });
    if (!claimed) continue;
    await enqueueEmail(tx, {
      template: "fundraiser-progress",
      to: c.host.email,
      locale: c.host.locale,
      props: {
        organizationName: c.organizationName,
        kind: m.kind,
        title: c.fundraiser.title,
        raisedCents: claimed.raisedCents,
        goalCents,
        pageUrl: c.pageUrl,
        dashboardUrl: c.dashboardUrl,
      },
    });
  }
}
