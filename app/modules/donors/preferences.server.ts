import { eq } from "drizzle-orm";
import { donorPreferences } from "../../../db/schema";
import type { Db } from "../db/types";

export type DonorPreferences = { impactEmails: boolean; campaignUpdates: boolean };

/** No row means nothing beyond receipts: existing donors start opted out. */
export async function getDonorPreferences(db: Db, email: string): Promise<DonorPreferences> {
  const [row] = await db.select().from(donorPreferences).where(eq(donorPreferences.email, email));
  return { impactEmails: row?.impactEmails ?? false, campaignUpdates: row?.campaignUpdates ?? false };
}

export async function setDonorPreferences(db: Db, email: string, p: DonorPreferences): Promise<void> {
  await db
    .insert(donorPreferences)
    .values({ email, ...p })
    .onConflictDoUpdate({ target: donorPreferences.email, set: { ...p, updatedAt: new Date() } });
}
