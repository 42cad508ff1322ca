import { fundraisers } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { changeCampaignStatus, type Campaign } from "../../app/modules/campaigns/campaigns.server";
import { makeCampaign } from "./ledger";
import { makeUser } from "./factories";

export type FundraiserRow = typeof fundraisers.$inferSelect;

let n = 0;
export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A published campaign with a fixed fee ($495 unless told), made by a fresh admin. */
export async function makePublishedCampaign(db: Db, overrides: Parameters<typeof makeCampaign>[2] = {}): Promise<Campaign> {
  const admin = await makeUser(db, { role: "admin" });
  const campaign = await makeCampaign(db, admin.id, overrides);
  return changeCampaignStatus(db, { id: campaign.id, intent: "publish", actorUserId: admin.id });
}

/**
 * A business host's fundraiser, stored as the fundraiser module would leave it: approved and
 * running from last week to next month unless told otherwise.
 */
export async function makeFundraiser(
  db: Db,
  params: { campaign: Campaign } & Partial<Omit<typeof fundraisers.$inferInsert, "campaignId">>,
): Promise<FundraiserRow> {
  const { campaign, ...overrides } = params;
  const host = overrides.hostUserId ? null : await makeUser(db, { role: "host" });
  const status = overrides.status ?? "approved";
  const [row] = await db
    .insert(fundraisers)
    .values({
      campaignId: campaign.id,
      hostUserId: host?.id ?? overrides.hostUserId!,
      slug: `fundraiser-${++n}-${Math.random().toString(36).slice(2, 7)}`,
      businessName: "Panadería La Esperanza",
      title: "Bread for renewals",
      storyEn: "We bake, you give.",
      storyEs: "Nosotros horneamos, usted dona.",
      goalFees: 10,
      startsOn: isoDay(-7),
      endsOn: isoDay(30),
      approvedAt: status === "approved" ? new Date() : null,
      ...overrides,
      status,
    })
    .returning();
  return row!;
}
