import { eq, sql } from "drizzle-orm";
import { donorPreferences } from "../../../db/schema";
import { rowsOf } from "../db/rows";
import type { Db } from "../db/types";

export type DonorPreferences = { impactEmails: boolean; campaignUpdates: boolean };

/**
 * Who gets the monthly impact email: the latest word wins, a ticked box on a gift or the donor
 * page's choice (an unsubscribe is a choice). No word at all: nothing (existing donors start out).
 */
export const impactOptedInSql = sql`
  select coalesce(p.email, g.email) as email
  from (select lower(donor_email) as email, max(succeeded_at) as at from donations
        where impact_opt_in and succeeded_at is not null and donor_email is not null group by 1) g
  full join donor_preferences p on p.email = g.email
  where case when g.at is not null and (p.updated_at is null or g.at > p.updated_at) then true else coalesce(p.impact_emails, false) end`;

export async function getDonorPreferences(db: Db, email: string): Promise<DonorPreferences> {
  const [row] = await db.select().from(donorPreferences).where(eq(donorPreferences.email, email));
  const opted = rowsOf<{ email: string }>(await db.execute(sql`select email from (${impactOptedInSql}) o where o.email = ${email}`));
  return { impactEmails: opted.length > 0, campaignUpdates: row?.campaignUpdates ?? false };
}

export async function setDonorPreferences(db: Db, email: string, p: DonorPreferences): Promise<void> {
  await db
    .insert(donorPreferences)
    .values({ email, ...p })
    .onConflictDoUpdate({ target: donorPreferences.email, set: { ...p, updatedAt: new Date() } });
}
