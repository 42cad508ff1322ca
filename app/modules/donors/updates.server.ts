import { createHash } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { campaignUpdates, campaigns, images } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { publicUrl } from "../http/public-url.server";
import type { Language } from "../i18n/config";
import { getOrganization } from "../organization/organization.server";
import { unsubscribeUrl } from "./unsubscribe.server";

const BATCH = 100;

/** Saves an update (and its image, already bounded by the images module); the worker emails it. */
export async function postCampaignUpdate(
  db: Db,
  p: { campaignId: string; bodyEn: string; bodyEs: string; image: { mimeType: string; bytes: Buffer } | null; actorUserId: string },
): Promise<string> {
  return db.transaction(async (tx) => {
    const imageId = p.image ? (await tx.insert(images).values(p.image).returning({ id: images.id }))[0]!.id : null;
    const [row] = await tx
      .insert(campaignUpdates)
      .values({ campaignId: p.campaignId, bodyEn: p.bodyEn, bodyEs: p.bodyEs, imageId, createdByUserId: p.actorUserId })
      .returning({ id: campaignUpdates.id });
    return row!.id;
  });
}

export async function campaignUpdatesFor(db: Db, campaignId: string, limit = 20) {
  return db.select().from(campaignUpdates).where(eq(campaignUpdates.campaignId, campaignId)).orderBy(desc(campaignUpdates.createdAt)).limit(limit);
}

/** Who receives a campaign's updates: addresses that gave to it and chose updates (ADR 0025), with their latest language. */
const recipientsSql = (campaignId: string, after: string | null) => sql`
  select g.email, (select d.locale from donations d where lower(d.donor_email) = g.email order by d.created_at desc limit 1) as locale
  from (select distinct lower(donor_email) as email from donations
        where campaign_id = ${campaignId} and donor_email is not null and status in ('succeeded', 'partially_refunded', 'refunded', 'disputed')) g
  join donor_preferences p on p.email = g.email and p.campaign_updates
  where ${after === null ? sql`true` : sql`g.email > ${after}`}
  order by g.email`;

/**
 * Queues the next batch of one update's emails, each keyed `campaign-update/<id>/<hash of the
 * address>` (a batch repeated after a crash queues nothing twice), and records the progress.
 * Returns false when the update is fully queued.
 */
export async function queueUpdateBatch(db: Db, updateId: string, batch = BATCH): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [update] = await tx.select().from(campaignUpdates).where(and(eq(campaignUpdates.id, updateId), isNull(campaignUpdates.queuedAt))).for("update", { skipLocked: true });
    if (!update) return false;
    const [campaign] = await tx.select().from(campaigns).where(eq(campaigns.id, update.campaignId));
    const total =
      update.recipientsTotal ?? rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (${recipientsSql(update.campaignId, null)}) r`))[0]!.n;
    const rows = rowsOf<{ email: string; locale: Language }>(await tx.execute(sql`${recipientsSql(update.campaignId, update.cursor)} limit ${batch}`));
    const organization = await getOrganization(tx);
    for (const row of rows) {
      await enqueueEmail(tx, {
        template: "campaign-news",
        to: row.email,
        locale: row.locale,
        idempotencyKey: `campaign-update/${update.id}/${createHash("sha256").update(row.email).digest("hex").slice(0, 32)}`,
        props: {
          organizationName: organization.name,
          campaignTitle: row.locale === "es" ? campaign!.titleEs : campaign!.titleEn,
          body: row.locale === "es" ? update.bodyEs : update.bodyEn,
          campaignUrl: `${publicUrl()}/campaigns/${campaign!.slug}`,
          unsubscribeUrl: unsubscribeUrl(row.email, "updates"),
        },
      });
    }
    const done = rows.length < batch;
    await tx
      .update(campaignUpdates)
      .set({
        recipientsTotal: total,
        queuedCount: update.queuedCount + rows.length,
        cursor: rows.at(-1)?.email ?? update.cursor,
        queuedAt: done ? new Date() : null,
      })
      .where(eq(campaignUpdates.id, update.id));
    return !done;
  });
}

/** The worker's job: every update still queuing gets its next batches. */
export async function queueCampaignUpdates(db: Db, maxBatches = 10): Promise<number> {
  let batches = 0;
  const waiting = await db.select({ id: campaignUpdates.id }).from(campaignUpdates).where(isNull(campaignUpdates.queuedAt)).orderBy(campaignUpdates.createdAt).limit(5);
  for (const { id } of waiting) {
    while (batches < maxBatches) {
      batches += 1;
      if (!(await queueUpdateBatch(db, id))) break;
    }
  }
  return batches;
}
