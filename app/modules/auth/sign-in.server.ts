import { getDb } from "../db/index.server";
import { consumeRateLimit, rules } from "../rate-limit/rate-limit.server";
import { startSession } from "./guards.server";
import { needsSecondFactor, type Role } from "./policy";
import { hashPassword, verifyPassword } from "./password.server";
import { consumeSignInLink, requestSignInLink } from "./sign-in-links.server";
import { findUserByEmail } from "./users.server";

export type SignInResult =
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "link_sent" }
  | { kind: "bad_credentials" }
  | { kind: "signed_in"; setCookie: string; role: Role; needsSecondFactor: boolean };

// A hash to check against when the account has no password, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(crypto.randomUUID()));

/** Sign-in by emailed link or by password, rate-limited per IP and per account in PostgreSQL. */
export async function signIn(params: {
  intent: "link" | "password";
  email: string;
  password?: string;
  ip: string;
  locale: "en" | "es";
}): Promise<SignInResult> {
  const db = getDb();
  const perIp = await consumeRateLimit(db, rules.signInPerIp, params.ip);
  const perAccount = await consumeRateLimit(db, rules.signInPerAccount, params.email);
  if (!perIp.allowed || !perAccount.allowed)
    return { kind: "rate_limited", retryAfterSeconds: Math.max(perIp.retryAfterSeconds, perAccount.retryAfterSeconds) };

  if (params.intent === "link") {
    await requestSignInLink(db, { email: params.email, locale: params.locale });
    return { kind: "link_sent" };
  }
  const user = await findUserByEmail(db, params.email);
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), params.password ?? "");
  if (!user || !ok || user.status !== "active") return { kind: "bad_credentials" };
  const setCookie = await startSession(user, { secondFactorDone: false });
  return { kind: "signed_in", setCookie, role: user.role, needsSecondFactor: needsSecondFactor(user) };
}

/** Spends an emailed link and starts a session; null when the link is unknown, used or expired. */
export async function signInWithLink(token: string) {
  const user = await consumeSignInLink(getDb(), token);
  if (!user) return null;
  const setCookie = await startSession(user, { secondFactorDone: false });
  return { setCookie, role: user.role, needsSecondFactor: needsSecondFactor(user), hasTotp: user.totpEnabledAt !== null };
}
