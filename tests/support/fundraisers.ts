import { eq } from "drizzle-orm";
import { fundraisers, hostProfiles } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { makeUser } from "./factories";

let n = 0;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A host account with its business profile. */
export async function makeHost(db: Db, businessName = `Business ${++n}`, extra: { password?: string } = {}) {
  const user = await makeUser(db, { role: "host", ...extra });
  await db.insert(hostProfiles).values({ userId: user.id, businessName, contactName: "Owner" });
  return user;
}

/** A fundraiser in the given state (live by default: approved, dates around today). */
export async function makeFundraiser(
  db: Db,
  p: { campaignId: string; hostUserId: string; status?: "draft" | "submitted" | "approved" | "rejected" | "ended"; matchCapCents?: number | null; goalFees?: number },
) {
  const [row] = await db
    .insert(fundraisers)
    .values({
      campaignId: p.campaignId,
      hostUserId: p.hostUserId,
      slug: `page-${++n}-${Math.random().toString(36).slice(2, 7)}`,
      businessName: `Business ${n}`,
      title: `Page ${n}`,
      storyEn: "Our story",
      goalFees: p.goalFees ?? 5,
      startsOn: day(-1),
      endsOn: day(30),
      status: p.status ?? "approved",
      matchCapCents: p.matchCapCents ?? null,
    })
    .returning();
  return row!;
}

export async function reloadFundraiser(db: Db, id: string) {
  const [row] = await db.select().from(fundraisers).where(eq(fundraisers.id, id));
  return row!;
}
