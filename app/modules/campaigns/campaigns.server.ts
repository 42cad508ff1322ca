import { and, desc, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { campaigns, campaignTotals, images } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { openCampaignAccounts } from "../ledger/accounts.server";
import { organizationToday } from "../organization/clock.server";
import { campaignFee } from "./fees.server";
import type { CampaignInput } from "./schema";

export type Campaign = typeof campaigns.$inferSelect;
export type CampaignTotals = Omit<typeof campaignTotals.$inferSelect, "campaignId" | "updatedAt">;

export class CampaignError extends Error {
  constructor(readonly messageKey: string, readonly field?: string) {
    super(messageKey);
  }
}

/** Published and within its dates: the campaign takes gifts. */
export function isLive(campaign: Pick<Campaign, "status" | "startsOn" | "endsOn">, on: string): boolean {
  return campaign.status === "published" && (!campaign.startsOn || campaign.startsOn <= on) && (!campaign.endsOn || campaign.endsOn >= on);
}

/** Published campaigns whose dates include today, newest first. */
export async function listLiveCampaigns(db: Db, on?: string) {
  on ??= await organizationToday(db);
  return db
    .select({ campaign: campaigns, totals: campaignTotals })
    .from(campaigns)
    .leftJoin(campaignTotals, eq(campaignTotals.campaignId, campaigns.id))
    .where(
      and(
        eq(campaigns.status, "published"),
        or(isNull(campaigns.startsOn), lte(campaigns.startsOn, on)),
        or(isNull(campaigns.endsOn), gte(campaigns.endsOn, on)),
      ),
    )
    .orderBy(desc(campaigns.publishedAt));
}

export async function listAllCampaigns(db: Db) {
  return db.select().from(campaigns).orderBy(desc(campaigns.createdAt));
}

export async function findCampaignById(db: Db, id: string): Promise<Campaign | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row;
}

export async function findCampaignBySlug(db: Db, slug: string): Promise<Campaign | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.slug, slug));
  return row;
}

/** A campaign the public may see: published or closed, never a draft. */
export async function findPublicCampaign(db: Db, slug: string): Promise<Campaign | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.slug, slug), sql`${campaigns.status} in ('published', 'closed')`));
  return row;
}

const zeroTotals: CampaignTotals = {
  raisedCents: 0,
  donationsCount: 0,
  processingFeesCents: 0,
  poolAvailableCents: 0,
  allocatedCents: 0,
  disbursedCents: 0,
  reserveCents: 0,
  feesFunded: 0,
  feesPaid: 0,
  requestsWaiting: 0,
};

/** The cached figures the ledger keeps for a campaign (zeros before its first movement). */
export async function getCampaignTotals(db: Db, campaignId: string): Promise<CampaignTotals> {
  const [row] = await db.select().from(campaignTotals).where(eq(campaignTotals.campaignId, campaignId));
  if (!row) return { ...zeroTotals };
  const { campaignId: _id, updatedAt: _at, ...totals } = row;
  return totals;
}

/** What one fee costs in this campaign today: its fixed amount, or the schedule's online price. */
export async function campaignFeeCents(db: Db, campaign: Campaign, on?: string): Promise<number | null> {
  return campaignFee(db, campaign, "online", on ?? (await organizationToday(db)));
}

function columnsFrom(input: CampaignInput) {
  return {
    slug: input.slug,
    titleEn: input.titleEn,
    titleEs: input.titleEs,
    summaryEn: input.summaryEn ?? "",
    summaryEs: input.summaryEs ?? "",
    storyEn: input.storyEn,
    storyEs: input.storyEs,
    goalFees: input.goalFees,
    feeSource: input.feeSource,
    fixedFeeCents: input.feeSource === "fixed" ? input.fixedFee! : null,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
  };
}

type Image = { mimeType: string; bytes: Buffer } | null | undefined;

async function ensureSlugFree(db: Db, slug: string, exceptId?: string) {
  const [clash] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, slug));
  if (clash && clash.id !== exceptId) throw new CampaignError("errors.slugTaken", "slug");
}

async function storeImage(db: Db, image: Image): Promise<string | undefined> {
  if (!image) return undefined;
  const [row] = await db.insert(images).values(image).returning({ id: images.id });
  return row!.id;
}

export async function createCampaign(
  db: Db,
  params: { input: CampaignInput; image?: Image; actorUserId: string },
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    await ensureSlugFree(tx, params.input.slug);
    const imageId = await storeImage(tx, params.image);
    const [row] = await tx
      .insert(campaigns)
      .values({ ...columnsFrom(params.input), imageId: imageId ?? null })
      .returning();
    await openCampaignAccounts(tx, row!.id);
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: "campaign.created",
      subjectType: "campaign",
      subjectId: row!.id,
    });
    return row!;
  });
}

export async function updateCampaign(
  db: Db,
  params: { id: string; input: CampaignInput; image?: Image; actorUserId: string },
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const existing = await findCampaignById(tx, params.id);
    if (!existing) throw new CampaignError("errors.notFound");
    await ensureSlugFree(tx, params.input.slug, params.id);
    const imageId = await storeImage(tx, params.image);
    const [row] = await tx
      .update(campaigns)
      .set({ ...columnsFrom(params.input), ...(imageId ? { imageId } : {}), updatedAt: new Date() })
      .where(eq(campaigns.id, params.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: "campaign.updated",
      subjectType: "campaign",
      subjectId: params.id,
    });
    return row!;
  });
}

/** publish: draft/closed → published; close: published → closed (stays visible, takes no gifts). */
export async function changeCampaignStatus(
  db: Db,
  params: { id: string; intent: "publish" | "close" | "reopen"; actorUserId: string },
): Promise<Campaign> {
  return db.transaction(async (tx) => {
    const existing = await findCampaignById(tx, params.id);
    if (!existing) throw new CampaignError("errors.notFound");
    const now = new Date();
    const allowed =
      (params.intent === "publish" && existing.status === "draft") ||
      (params.intent === "reopen" && existing.status === "closed") ||
      (params.intent === "close" && existing.status === "published");
    if (!allowed) throw new CampaignError("errors.invalidTransition");
    const set =
      params.intent === "close"
        ? { status: "closed" as const, closedAt: now }
        : { status: "published" as const, publishedAt: existing.publishedAt ?? now, closedAt: null };
    const [row] = await tx
      .update(campaigns)
      .set({ ...set, updatedAt: now })
      .where(eq(campaigns.id, params.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: `campaign.${params.intent}`,
      subjectType: "campaign",
      subjectId: params.id,
    });
    return row!;
  });
}
