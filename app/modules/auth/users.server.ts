import { and, count, eq, ne } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import type { Language } from "../i18n/config";
import { invalidateUserSessions } from "./sessions.server";
import { createSignInLink } from "./sign-in-links.server";
import { hashPassword } from "./password.server";
import type { Role } from "./policy";

export type UserRow = typeof users.$inferSelect;

export class UserError extends Error {
  constructor(
    /** Translation key shown to the person who asked. */
    readonly messageKey: string,
  ) {
    super(messageKey);
  }
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function listStaff(db: Db): Promise<UserRow[]> {
  return db.select().from(users).where(ne(users.role, "host")).orderBy(users.email);
}

/** The first admin, from the CLI. Active at once; signs in by magic link (or password) then sets up 2FA. */
export async function createAdmin(db: Db, params: { email: string; password?: string }): Promise<UserRow> {
  if (await findUserByEmail(db, params.email)) throw new UserError("errors.userExists");
  const [row] = await db
    .insert(users)
    .values({
      email: params.email.trim().toLowerCase(),
      role: "admin",
      status: "active",
      passwordHash: params.password ? await hashPassword(params.password) : null,
    })
    .returning();
  await recordAudit(db, { actorUserId: null, action: "user.created_by_cli", subjectType: "user", subjectId: row!.id });
  return row!;
}

/** Invites a staff member: an account waiting for its first sign-in, and an emailed link. */
export async function inviteUser(
  db: Db,
  params: { email: string; role: Role; displayName?: string; locale: Language; actorUserId: string },
): Promise<UserRow> {
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, params.email)) throw new UserError("errors.userExists");
    const [row] = await tx
      .insert(users)
      .values({
        email: params.email.trim().toLowerCase(),
        role: params.role,
        displayName: params.displayName ?? null,
        status: "invited",
        locale: params.locale,
        invitedById: params.actorUserId,
      })
      .returning();
    await createSignInLink(tx, { user: row!, purpose: "invite" });
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: "user.invited",
      subjectType: "user",
      subjectId: row!.id,
      details: { role: params.role },
    });
    return row!;
  });
}

async function activeAdminCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.status, "active")));
  return Number(row?.n ?? 0);
}

export async function changeRole(db: Db, params: { userId: string; role: Role; actorUserId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserById(tx, params.userId);
    if (!user || user.role === "host") throw new UserError("errors.notFound");
    if (user.id === params.actorUserId) throw new UserError("errors.cannotChangeSelf");
    if (user.role === "admin" && params.role !== "admin" && (await activeAdminCount(tx)) <= 1)
      throw new UserError("errors.lastAdmin");
    await tx.update(users).set({ role: params.role, updatedAt: new Date() }).where(eq(users.id, user.id));
    // A new role means new rules (an admin must pass 2FA): start from a fresh sign-in.
    await invalidateUserSessions(tx, user.id);
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: "user.role_changed",
      subjectType: "user",
      subjectId: user.id,
      details: { from: user.role, to: params.role },
    });
  });
}

/** Disabling ends every session of the account at once. */
export async function setDisabled(
  db: Db,
  params: { userId: string; disabled: boolean; actorUserId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const user = await findUserById(tx, params.userId);
    if (!user) throw new UserError("errors.notFound");
    if (user.id === params.actorUserId) throw new UserError("errors.cannotChangeSelf");
    if (params.disabled && user.role === "admin" && user.status === "active" && (await activeAdminCount(tx)) <= 1)
      throw new UserError("errors.lastAdmin");
    const status = params.disabled ? "disabled" : user.lastSignInAt ? "active" : "invited";
    await tx.update(users).set({ status, updatedAt: new Date() }).where(eq(users.id, user.id));
    if (params.disabled) await invalidateUserSessions(tx, user.id);
    await recordAudit(tx, {
      actorUserId: params.actorUserId,
      action: params.disabled ? "user.disabled" : "user.enabled",
      subjectType: "user",
      subjectId: user.id,
    });
  });
}

export async function setPassword(db: Db, params: { userId: string; password: string | null }): Promise<void> {
  const passwordHash = params.password ? await hashPassword(params.password) : null;
  await db.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, params.userId));
  await recordAudit(db, {
    actorUserId: params.userId,
    action: passwordHash ? "user.password_set" : "user.password_removed",
    subjectType: "user",
    subjectId: params.userId,
  });
}
