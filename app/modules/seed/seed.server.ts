import { and, eq } from "drizzle-orm";
import { campaigns, feeSchedules, users } from "../../../db/schema";
import type { Db } from "../db/types";
import { hashPassword } from "../auth/password.server";
import { createCampaign, changeCampaignStatus } from "../campaigns/campaigns.server";
import { addFeeSchedule } from "../campaigns/fees.server";
import { getOrganization, saveOrganization } from "../organization/organization.server";
import { encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";
import { demoCampaigns, demoOrganization, demoStaff } from "./demo-content";
import { dacaRenewalSchedules } from "./fee-schedules";
import { seedDemoMoney } from "./demo-money.server";
import { seedDemoFundraiser } from "./demo-fundraiser.server";

import { seedDemoApplications } from "./demo-applications.server";

export type SeedReport = {
  feeSchedules: number;
  campaigns: number;
  users: number;
  organization: boolean;
  moneyTrail: boolean;
  fundraiser: boolean;
  applications: boolean;
};

/** The USCIS fee facts every installation needs, production included. Safe to run again. */
export async function seedFeeSchedules(db: Db): Promise<number> {
  let added = 0;
  for (const schedule of dacaRenewalSchedules) {
    const [existing] = await db
      .select({ id: feeSchedules.id })
      .from(feeSchedules)
      .where(
        and(
          eq(feeSchedules.program, schedule.program),
          eq(feeSchedules.filingMethod, schedule.filingMethod),
          eq(feeSchedules.effectiveFrom, schedule.effectiveFrom),
        ),
      );
    if (existing) continue;
    await addFeeSchedule(db, schedule, null);
    added++;
  }
  return added;
}

/** Staff must use two-step verification: demo staff are enrolled with the fixed keys the README lists. */
async function enrollDemoTotp(db: Db, userId: string, secret: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretEncrypted: encrypt(getKeyRing(), secret, `users:${userId}:totp_secret`), totpEnabledAt: new Date() })
    .where(eq(users.id, userId));
}

/** Demo data: organization, campaigns in every state and demo sign-ins. Idempotent. */
export async function seedDemo(db: Db): Promise<SeedReport> {
  const report: SeedReport = {
    feeSchedules: await seedFeeSchedules(db),
    campaigns: 0,
    users: 0,
    organization: false,
    moneyTrail: false,
    fundraiser: false,
    applications: false,
  };
  const organization = await getOrganization(db);
  if (organization.name === "Fondo" && organization.ein === null) {
    await saveOrganization(db, demoOrganization);
    report.organization = true;
  }
  const totpSecrets = { admin: demoStaff.adminTotpSecret, reviewer: demoStaff.reviewerTotpSecret, host: null };
  for (const account of [demoStaff.admin, demoStaff.reviewer, demoStaff.host]) {
    const [existing] = await db.select({ id: users.id, totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.email, account.email));
    // A demo database seeded before reviewers needed two-step verification gets the reviewer's key.
    if (existing && !existing.totpEnabledAt && totpSecrets[account.role]) await enrollDemoTotp(db, existing.id, totpSecrets[account.role]!);
    if (existing) continue;
    const [row] = await db
      .insert(users)
      .values({
        email: account.email,
        role: account.role,
        status: "active",
        displayName: { admin: "Ana Administradora", reviewer: "Rubén Revisor", host: "Café La Esquina" }[account.role],
        passwordHash: "password" in account ? await hashPassword(account.password) : null,
      })
      .returning({ id: users.id });
    const secret = totpSecrets[account.role];
    if (secret) await enrollDemoTotp(db, row!.id, secret);
    report.users++;
  }
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoStaff.admin.email));
  for (const { status, ...input } of demoCampaigns) {
    const [existing] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.slug, input.slug));
    if (existing) continue;
    const campaign = await createCampaign(db, { input, actorUserId: admin!.id });
    await changeCampaignStatus(db, { id: campaign.id, intent: "publish", actorUserId: admin!.id });
    if (status === "closed") await changeCampaignStatus(db, { id: campaign.id, intent: "close", actorUserId: admin!.id });
    report.campaigns++;
  }
  const bySlug = async (slug: string) => (await db.select({ id: campaigns.id, slug: campaigns.slug }).from(campaigns).where(eq(campaigns.slug, slug)))[0]!;
  report.moneyTrail = await seedDemoMoney(db, { current: await bySlug("daca-renewals-2026"), fixed: await bySlug("renewal-drive-495") });
  const [host] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoStaff.host.email));
  report.fundraiser = await seedDemoFundraiser(db, { hostUserId: host!.id, campaignId: (await bySlug("daca-renewals-2026")).id });
  report.applications = await seedDemoApplications(db, "daca-renewals-2026");
  return report;
}
