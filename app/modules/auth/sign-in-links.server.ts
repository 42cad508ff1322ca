import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { signInTokens, users } from "../../../db/schema";
import type { Db } from "../db/types";
import { enqueueEmail } from "../email/outbox.server";
import { getOrganization } from "../organization/organization.server";
import { INVITE_LINK_TTL_MS, SIGN_IN_LINK_TTL_MS } from "./policy";
import { generateSecret, hashSecret } from "./tokens.server";
import { publicUrl } from "../http/public-url.server";

type LinkUser = { id: string; email: string; role: "admin" | "reviewer" | "host"; locale: "en" | "es" };

/** Stores the hash of a fresh single-use token and queues the email that carries it. */
export async function createSignInLink(
  db: Db,
  params: { user: LinkUser; purpose: "sign_in" | "invite"; now?: Date },
): Promise<void> {
  const now = params.now ?? new Date();
  const token = generateSecret();
  const ttl = params.purpose === "invite" ? INVITE_LINK_TTL_MS : SIGN_IN_LINK_TTL_MS;
  await db.insert(signInTokens).values({
    tokenHash: hashSecret(token),
    userId: params.user.id,
    purpose: params.purpose,
    expiresAt: new Date(now.getTime() + ttl),
  });
  const url = `${publicUrl()}/sign-in/verify?token=${token}`;
  const organizationName = (await getOrganization(db)).name;
  if (params.purpose === "invite") {
    await enqueueEmail(db, {
      template: "staff-invite",
      to: params.user.email,
      locale: params.user.locale,
      props: { url, organizationName, role: params.user.role, days: ttl / 86_400_000 },
    });
  } else {
    await enqueueEmail(db, {
      template: "sign-in-link",
      to: params.user.email,
      locale: params.user.locale,
      props: { url, organizationName, minutes: ttl / 60_000 },
    });
  }
}

/**
 * Emails a sign-in link when the address belongs to an account that may sign in. The caller
 * answers the same way either way, so the form does not reveal who has an account.
 */
export async function requestSignInLink(db: Db, params: { email: string; locale: "en" | "es" }): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.email, params.email.trim().toLowerCase()));
  if (!user || user.status === "disabled") return;
  await db.transaction(async (tx) => {
    await createSignInLink(tx, { user: { ...user, locale: params.locale }, purpose: "sign_in" });
  });
}

/**
 * After a completed sign-in, the account's other unused links stop working (never on request: a
 * stranger asking for a link must not be able to kill the one in the owner's inbox).
 */
export async function retireSignInLinks(db: Db, userId: string, now = new Date()): Promise<void> {
  await db
    .update(signInTokens)
    .set({ expiresAt: now })
    .where(and(eq(signInTokens.userId, userId), eq(signInTokens.purpose, "sign_in"), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)));
}

/**
 * Spends a link once: the update only matches an unused, unexpired token, so two clicks at the
 * same time cannot both succeed. An invited account becomes active.
 */
export async function consumeSignInLink(db: Db, token: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(signInTokens)
      .set({ usedAt: now })
      .where(
        and(eq(signInTokens.tokenHash, hashSecret(token)), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)),
      )
      .returning({ userId: signInTokens.userId });
    if (!spent) return null;
    const [user] = await tx
      .update(users)
      .set({
        lastSignInAt: now,
        status: sql`case when ${users.status} = 'invited' then 'active'::user_status else ${users.status} end`,
      })
      .where(eq(users.id, spent.userId))
      .returning();
    if (!user || user.status === "disabled") return null;
    return user;
  });
}
