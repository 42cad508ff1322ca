import { and, eq, inArray } from "drizzle-orm";
import { fundraisers, hostProfiles, images, users } from "../../../db/schema";
import { createSignInLink } from "../auth/sign-in-links.server";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import { notifyHost } from "./notify.server";
import type { HostProfileInput } from "./schema";

type Image = { mimeType: string; bytes: Buffer } | null;
export type HostProfile = typeof hostProfiles.$inferSelect;

export async function findHostProfile(db: Db, userId: string): Promise<HostProfile | undefined> {
  const [row] = await db.select().from(hostProfiles).where(eq(hostProfiles.userId, userId));
  return row;
}

function columns(input: HostProfileInput) {
  return { businessName: input.businessName, contactName: input.contactName, phone: input.phone ?? null, website: input.website ?? null };
}

async function storeLogo(db: Db, logo: Image): Promise<string | undefined> {
  if (!logo) return undefined;
  const [row] = await db.insert(images).values(logo).returning({ id: images.id });
  return row!.id;
}

/**
 * A business signs up: a host account waiting for its first sign-in, its profile, and an emailed
 * sign-in link. An address that already has an account gets only a sign-in link (hosts) or
 * nothing (staff), and the caller answers the same way, so the form reveals no accounts.
 */
export async function signUpHost(db: Db, p: { email: string; profile: HostProfileInput; logo: Image; locale: Language }): Promise<void> {
  await db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, p.email));
    if (existing) {
      if (existing.role === "host" && existing.status !== "disabled")
        await createSignInLink(tx, { user: { ...existing, locale: p.locale }, purpose: "sign_in" });
      return;
    }
    const [user] = await tx
      .insert(users)
      .values({ email: p.email, role: "host", status: "invited", locale: p.locale, displayName: p.profile.businessName })
      .returning();
    const logoImageId = await storeLogo(tx, p.logo);
    await tx.insert(hostProfiles).values({ userId: user!.id, ...columns(p.profile), logoImageId: logoImageId ?? null });
    await createSignInLink(tx, { user: user!, purpose: "sign_in" });
  });
}

/**
 * The host edits their business details. Pages not yet live follow at once; on live pages the new
 * name or logo waits for staff review like a story edit, and the approved branding stays up
 * meanwhile (a page says what staff approved). Ended pages keep theirs. Returns how many live
 * pages went to review.
 */
export async function saveHostProfile(db: Db, p: { userId: string; profile: HostProfileInput; logo: Image; dropLogo: boolean }): Promise<number> {
  return db.transaction(async (tx) => {
    const logoImageId = await storeLogo(tx, p.logo);
    const logo = logoImageId ? { logoImageId } : p.dropLogo ? { logoImageId: null } : {};
    await tx
      .insert(hostProfiles)
      .values({ userId: p.userId, ...columns(p.profile), ...logo })
      .onConflictDoUpdate({ target: hostProfiles.userId, set: { ...columns(p.profile), ...logo, updatedAt: new Date() } });
    await tx
      .update(fundraisers)
      .set({ businessName: p.profile.businessName, ...logo, updatedAt: new Date() })
      .where(and(eq(fundraisers.hostUserId, p.userId), inArray(fundraisers.status, ["draft", "submitted", "rejected"])));
    const live = await tx
      .select()
      .from(fundraisers)
      .where(and(eq(fundraisers.hostUserId, p.userId), eq(fundraisers.status, "approved")))
      .for("update");
    let inReview = 0;
    for (const f of live) {
      const wantedLogo = "logoImageId" in logo ? logo.logoImageId : f.pendingBranding ? f.pendingLogoImageId : f.logoImageId;
      const changed = p.profile.businessName !== f.businessName || wantedLogo !== f.logoImageId;
      if (!changed && !f.pendingBranding) continue;
      const storyPending = f.revisionStatus === "submitted" && f.pendingTitle !== null;
      await tx
        .update(fundraisers)
        .set(
          changed
            ? { pendingBranding: true, pendingBusinessName: p.profile.businessName, pendingLogoImageId: wantedLogo, revisionStatus: "submitted", revisionRejectionReason: null, updatedAt: new Date() }
            : // Changed back to what is approved: nothing left to review but the story, if any.
              { pendingBranding: false, pendingBusinessName: null, pendingLogoImageId: null, revisionStatus: storyPending ? "submitted" : null, updatedAt: new Date() },
        )
        .where(eq(fundraisers.id, f.id));
      if (changed) {
        await notifyHost(tx, f.id, "revision_submitted");
        inReview++;
      }
    }
    return inReview;
  });
}
