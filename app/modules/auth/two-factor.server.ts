import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import { decrypt, encrypt } from "../privacy/encryption.server";
import { getKeyRing } from "../privacy/key-ring.server";
import { markSecondFactorVerified } from "./sessions.server";
import { verifyTotp } from "./totp.server";

const aad = (userId: string) => `users:${userId}:totp_secret`;

/** Turns on TOTP once the person proves their app shows the right code. */
export async function enableTwoFactor(
  db: Db,
  params: { userId: string; sessionId: string; secret: string; code: string },
): Promise<boolean> {
  if (!/^[A-Z2-7]{32}$/.test(params.secret) || !verifyTotp(params.secret, params.code)) return false;
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecretEncrypted: encrypt(getKeyRing(), params.secret, aad(params.userId)), totpEnabledAt: new Date() })
      .where(eq(users.id, params.userId));
    await markSecondFactorVerified(tx, params.sessionId);
    await recordAudit(tx, { actorUserId: params.userId, action: "user.2fa_enabled", subjectType: "user", subjectId: params.userId });
  });
  return true;
}

/** Checks a code at sign-in and marks the session as having passed its second factor. */
export async function verifySecondFactor(
  db: Db,
  params: { userId: string; sessionId: string; code: string },
): Promise<boolean> {
  const [user] = await db.select({ secret: users.totpSecretEncrypted }).from(users).where(eq(users.id, params.userId));
  if (!user?.secret) return false;
  if (!verifyTotp(decrypt(getKeyRing(), user.secret, aad(params.userId)), params.code)) return false;
  await markSecondFactorVerified(db, params.sessionId);
  return true;
}
