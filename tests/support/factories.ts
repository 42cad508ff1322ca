import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { hashPassword } from "../../app/modules/auth/password.server";
import { encrypt } from "../../app/modules/privacy/encryption.server";
import { getKeyRing } from "../../app/modules/privacy/key-ring.server";
import { generateTotpSecret } from "../../app/modules/auth/totp.server";

let counter = 0;

/** An active account, optionally with a password and a TOTP secret (returned for tests). */
export async function makeUser(
  db: Db,
  params: { role: "admin" | "reviewer" | "host"; password?: string; totp?: boolean; email?: string },
) {
  const email = params.email ?? `${params.role}${++counter}-${Date.now()}@example.org`;
  const [user] = await db
    .insert(users)
    .values({
      email,
      role: params.role,
      status: "active",
      passwordHash: params.password ? await hashPassword(params.password) : null,
    })
    .returning();
  let totpSecret: string | undefined;
  if (params.totp) {
    totpSecret = generateTotpSecret();
    await db
      .update(users)
      .set({ totpSecretEncrypted: encrypt(getKeyRing(), totpSecret, `users:${user!.id}:totp_secret`), totpEnabledAt: new Date() })
      .where(eq(users.id, user!.id));
  }
  return { ...user!, totpSecret };
}
