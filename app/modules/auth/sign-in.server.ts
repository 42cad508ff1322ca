import { limitSubjectOf } from "../applicants/blind-index.server";
import { getDb } from "../db/index.server";
import { queueLinkRequest } from "../link-requests/link-requests.server";
import { backoffRules, clearBackoff, takeAttempt } from "../rate-limit/backoff.server";
import { consumeRateLimit, refundRateLimit, rules } from "../rate-limit/rate-limit.server";
import { startSession } from "./guards.server";
import { needsSecondFactor, type Role } from "./policy";
import { hashPassword, verifyPassword } from "./password.server";
import { consumeSignInLink, retireSignInLinks } from "./sign-in-links.server";
import { findUserByEmail } from "./users.server";

export type SignInResult =
  | { kind: "rate_limited"; retryAfterSeconds: number }
  | { kind: "link_sent" }
  | { kind: "bad_credentials" }
  | { kind: "signed_in"; setCookie: string; role: Role; needsSecondFactor: boolean };

// A hash to check against when the account has no password, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(crypto.randomUUID()));

/**
 * Sign-in by emailed link or by password. Limits count per client address, and per account
 * together with the address (docs/security.md): a stranger's guesses slow only the stranger, so the
 * owner's password and emailed link keep working from their own address.
 */
export async function signIn(params: {
  intent: "link" | "password";
  email: string;
  password?: string;
  ip: string;
  locale: "en" | "es";
}): Promise<SignInResult> {
  const db = getDb();
  const client = limitSubjectOf(params.ip);
  const perIp = await consumeRateLimit(db, rules.signInPerIp, client);
  if (!perIp.allowed) return { kind: "rate_limited", retryAfterSeconds: perIp.retryAfterSeconds };
  const accountAndClient = limitSubjectOf(params.email, params.ip);

  if (params.intent === "link") {
    // The same work whether or not the address has an account: the worker decides.
    const perAccount = await consumeRateLimit(db, rules.signInLinkPerAccountAndIp, accountAndClient);
    if (!perAccount.allowed) return { kind: "rate_limited", retryAfterSeconds: perAccount.retryAfterSeconds };
    await queueLinkRequest(db, { kind: "sign-in-link", email: params.email, locale: params.locale });
    return { kind: "link_sent" };
  }
  const attempt = await takeAttempt(db, backoffRules.password, accountAndClient);
  if (!attempt.allowed) return { kind: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  const user = await findUserByEmail(db, params.email);
  const ok = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), params.password ?? "");
  if (!user || !ok || user.status !== "active") return { kind: "bad_credentials" };
  // A sign-in that worked was not a guess.
  await clearBackoff(db, backoffRules.password, accountAndClient);
  await refundRateLimit(db, rules.signInPerIp, client);
  const secondFactor = needsSecondFactor(user);
  const setCookie = await startSession(user, { secondFactorDone: false });
  if (!secondFactor) await retireSignInLinks(db, user.id);
  return { kind: "signed_in", setCookie, role: user.role, needsSecondFactor: secondFactor };
}

/** Spends an emailed link and starts a session; null when the link is unknown, used or expired. */
export async function signInWithLink(token: string) {
  const db = getDb();
  const user = await consumeSignInLink(db, token);
  if (!user) return null;
  const setCookie = await startSession(user, { secondFactorDone: false });
  if (!needsSecondFactor(user)) await retireSignInLinks(db, user.id);
  return { setCookie, role: user.role, needsSecondFactor: needsSecondFactor(user), hasTotp: user.totpEnabledAt !== null };
}
