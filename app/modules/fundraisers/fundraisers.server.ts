import { randomBytes } from "node:crypto";
import { and, desc, eq, lt, ne, sql } from "drizzle-orm";
import { campaigns, fundraisers } from "../../../db/schema";
import { recordAudit } from "../audit/audit.server";
import { isUniqueViolation } from "../db/errors";
import type { Db } from "../db/types";
import { organizationToday } from "../organization/clock.server";
import { findHostProfile } from "./hosts.server";
import { notifyHost } from "./notify.server";
import type { FundraiserInput } from "./schema";
import { slugify } from "./slug";

export type Fundraiser = typeof fundraisers.$inferSelect;

/** A refusal the host can read: a translation key, and the field it belongs to when there is one. */
export class FundraiserError extends Error {
  constructor(
    readonly messageKey: string,
    readonly field?: string,
  ) {
    super(messageKey);
  }
}

/** Approved and within its dates: the page takes gifts. */
export function isFundraiserLive(f: Pick<Fundraiser, "status" | "startsOn" | "endsOn">, on: string): boolean {
  return f.status === "approved" && f.startsOn <= on && f.endsOn >= on;
}

/** One of this host's fundraisers, or nothing: every host page looks fundraisers up through here. */
export async function findHostFundraiser(db: Db, p: { hostUserId: string; id: string }): Promise<Fundraiser | undefined> {
  const [row] = await db
    .select()
    .from(fundraisers)
    .where(and(eq(fundraisers.id, p.id), eq(fundraisers.hostUserId, p.hostUserId)));
  return row;
}

export async function findFundraiserById(db: Db, id: string): Promise<Fundraiser | undefined> {
  const [row] = await db.select().from(fundraisers).where(eq(fundraisers.id, id));
  return row;
}

export async function listHostFundraisers(db: Db, hostUserId: string) {
  return db
    .select({ fundraiser: fundraisers, campaignTitleEn: campaigns.titleEn, campaignTitleEs: campaigns.titleEs, campaignSlug: campaigns.slug })
    .from(fundraisers)
    .innerJoin(campaigns, eq(campaigns.id, fundraisers.campaignId))
    .where(eq(fundraisers.hostUserId, hostUserId))
    .orderBy(desc(fundraisers.createdAt));
}

/** Campaigns a host may raise money for: published and not yet over. */
export async function campaignsOpenToHosts(db: Db, on?: string) {
  on ??= await organizationToday(db);
  const rows = await db.select().from(campaigns).where(eq(campaigns.status, "published")).orderBy(campaigns.titleEn);
  return rows.filter((c) => !c.endsOn || c.endsOn >= on);
}

async function freeSlug(db: Db, wanted: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = attempt === 0 ? wanted : `${wanted}-${randomBytes(2).toString("hex")}`;
    const [clash] = await db.select({ id: fundraisers.id }).from(fundraisers).where(eq(fundraisers.slug, candidate));
    if (!clash) return candidate;
  }
  return `${wanted}-${randomBytes(4).toString("hex")}`;
}

/**
 * The page's campaign must be open to hosts (unless `keepCampaign`: a page already submitted for
 * it keeps it), and the page's dates must fit: ending by the campaign's end, and not in the past.
 */
async function checkCampaign(db: Db, campaignId: string, input: FundraiserInput, keepCampaign = false) {
  const [campaign] = keepCampaign
    ? await db.select().from(campaigns).where(eq(campaigns.id, campaignId))
    : (await campaignsOpenToHosts(db)).filter((c) => c.id === campaignId);
  if (!campaign) throw new FundraiserError("fundraiserErrors.campaign", "campaignId");
  if (campaign.endsOn && input.endsOn > campaign.endsOn)
    throw new FundraiserError("fundraiserErrors.afterCampaign", "endsOn");
  if (input.endsOn < (await organizationToday(db))) throw new FundraiserError("fundraiserErrors.endInPast", "endsOn");
}

function editableColumns(input: FundraiserInput) {
  return {
    goalFees: input.goalFees,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    eventOn: input.eventOn ?? null,
    eventPlace: input.eventPlace ?? null,
    matchCapCents: input.matchCap ?? null,
    matchStartsOn: input.matchCap ? (input.matchStartsOn ?? null) : null,
    matchEndsOn: input.matchCap ? (input.matchEndsOn ?? null) : null,
  };
}

/** A new draft page for a published campaign, under the host's business name and logo. */
export async function createFundraiser(db: Db, p: { hostUserId: string; input: FundraiserInput }): Promise<Fundraiser> {
  return db.transaction(async (tx) => {
    const profile = await findHostProfile(tx, p.hostUserId);
    if (!profile) throw new FundraiserError("fundraiserErrors.profileFirst");
    await checkCampaign(tx, p.input.campaignId, p.input);
    const slug = await freeSlug(tx, slugify(`${profile.businessName} ${p.input.title}`));
    const [row] = await tx
      .insert(fundraisers)
      .values({
        campaignId: p.input.campaignId,
        hostUserId: p.hostUserId,
        slug,
        businessName: profile.businessName,
        logoImageId: profile.logoImageId,
        title: p.input.title,
        storyEn: p.input.storyEn ?? null,
        storyEs: p.input.storyEs ?? null,
        ...editableColumns(p.input),
      })
      .returning();
    return row!;
  });
}

/**
 * Saves the host's edits. Before approval everything changes in place. On a live page the title
 * and story wait for review (the approved version stays up) and only event details change at
 * once; goal, dates and the match pledge are fixed once approved. An ended page is read-only.
 */
export async function updateFundraiser(db: Db, p: { hostUserId: string; id: string; input: FundraiserInput }): Promise<"saved" | "revision"> {
  try {
    return await saveFundraiserEdits(db, p);
  } catch (error) {
    // Two hosts choosing the same new address at once: the unique index decides, kindly.
    if (isUniqueViolation(error, "fundraisers_slug")) throw new FundraiserError("fundraiserErrors.slugTaken", "slug");
    throw error;
  }
}

async function saveFundraiserEdits(db: Db, p: { hostUserId: string; id: string; input: FundraiserInput }): Promise<"saved" | "revision"> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(fundraisers)
      .where(and(eq(fundraisers.id, p.id), eq(fundraisers.hostUserId, p.hostUserId)))
      .for("update");
    if (!current) throw new FundraiserError("errors.notFound");
    if (current.status === "ended") throw new FundraiserError("fundraiserErrors.ended");
    if (current.status === "approved") {
      const storyChanged =
        p.input.title !== current.title || (p.input.storyEn ?? null) !== current.storyEn || (p.input.storyEs ?? null) !== current.storyEs;
      await tx
        .update(fundraisers)
        .set({
          eventOn: p.input.eventOn ?? null,
          eventPlace: p.input.eventPlace ?? null,
          ...(storyChanged
            ? { pendingTitle: p.input.title, pendingStoryEn: p.input.storyEn ?? null, pendingStoryEs: p.input.storyEs ?? null, revisionStatus: "submitted" as const, revisionRejectionReason: null }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(fundraisers.id, current.id));
      if (storyChanged) await notifyHost(tx, current.id, "revision_submitted");
      return storyChanged ? "revision" : "saved";
    }
    await checkCampaign(tx, p.input.campaignId, p.input, current.status === "submitted" && p.input.campaignId === current.campaignId);
    // The address is the host's to change until approval; printed posters then depend on it.
    const slug = p.input.slug ?? current.slug;
    if (slug !== current.slug) {
      const [taken] = await tx.select({ id: fundraisers.id }).from(fundraisers).where(and(eq(fundraisers.slug, slug), ne(fundraisers.id, current.id)));
      if (taken) throw new FundraiserError("fundraiserErrors.slugTaken", "slug");
    }
    await tx
      .update(fundraisers)
      .set({
        campaignId: p.input.campaignId,
        slug,
        title: p.input.title,
        storyEn: p.input.storyEn ?? null,
        storyEs: p.input.storyEs ?? null,
        ...editableColumns(p.input),
        // A rejected page goes back to draft once the host has changed it.
        status: current.status === "rejected" ? "draft" : current.status,
        updatedAt: new Date(),
      })
      .where(eq(fundraisers.id, current.id));
    return "saved";
  });
}

/** The host asks staff to review a draft (or a rejected page they have changed). */
export async function submitFundraiser(db: Db, p: { hostUserId: string; id: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(fundraisers)
      .set({ status: "submitted", submittedAt: new Date(), rejectionReason: null, updatedAt: new Date() })
      .where(and(eq(fundraisers.id, p.id), eq(fundraisers.hostUserId, p.hostUserId), eq(fundraisers.status, "draft")))
      .returning({ id: fundraisers.id });
    if (!row) throw new FundraiserError("errors.invalidTransition");
    await notifyHost(tx, row.id, "submitted");
  });
}

/** The host ends a live page early: it stops taking gifts and the host gets the summary. */
export async function endFundraiserEarly(db: Db, p: { hostUserId: string; id: string }): Promise<void> {
  await db.transaction(async (tx) => {
    // The match window closes with the page, so what the host owes stops growing.
    const [row] = await tx
      .update(fundraisers)
      .set({
        status: "ended",
        endedAt: new Date(),
        matchEndsOn: sql`case when ${fundraisers.matchCapCents} is null then ${fundraisers.matchEndsOn} else least(coalesce(${fundraisers.matchEndsOn}, ${fundraisers.endsOn}), ${await organizationToday(tx)}::date) end`,
        updatedAt: new Date(),
      })
      .where(and(eq(fundraisers.id, p.id), eq(fundraisers.hostUserId, p.hostUserId), eq(fundraisers.status, "approved")))
      .returning({ id: fundraisers.id });
    if (!row) throw new FundraiserError("errors.invalidTransition");
    await recordAudit(tx, { actorUserId: p.hostUserId, action: "fundraiser.ended_early", subjectType: "fundraiser", subjectId: row.id });
    await notifyHost(tx, row.id, "ended");
  });
}

/** Approved pages whose end date has passed become ended, each with its summary email (worker). */
export async function endFinishedFundraisers(db: Db, on?: string): Promise<number> {
  const day = on ?? (await organizationToday(db));
  const finished = await db
    .select({ id: fundraisers.id })
    .from(fundraisers)
    .where(and(eq(fundraisers.status, "approved"), lt(fundraisers.endsOn, day)));
  let ended = 0;
  for (const { id } of finished) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .update(fundraisers)
        .set({ status: "ended", endedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(fundraisers.id, id), eq(fundraisers.status, "approved"), lt(fundraisers.endsOn, day)))
        .returning({ id: fundraisers.id });
      if (!row) return;
      await notifyHost(tx, row.id, "ended");
      ended++;
    });
  }
  return ended;
}
