import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../auth/tokens.server";
import { getEnv } from "../config/env.server";
import type { Db } from "../db/types";
import { publicUrl } from "../http/public-url.server";
import { getDonorPreferences, setDonorPreferences } from "./preferences.server";

export type EmailList = "impact" | "updates";

const sign = (payload: string) => createHmac("sha256", getEnv().sessionSecret).update(`donor-unsubscribe:${payload}`).digest("base64url");

/**
 * The link in List-Unsubscribe (RFC 8058) and in the email's footer: it names one address and one
 * list, signed, and does not expire (an old email must still stop the next one).
 */
export function unsubscribeUrl(email: string, list: EmailList): string {
  const payload = `${Buffer.from(email).toString("base64url")}.${list}`;
  return `${publicUrl()}/unsubscribe/${payload}.${sign(payload)}`;
}

export function verifyUnsubscribeToken(token: string): { email: string; list: EmailList } | null {
  const match = /^([\w-]{1,400})\.(impact|updates)\.([\w-]{43})$/.exec(token);
  if (!match) return null;
  const [, encoded, list, signature] = match;
  if (!constantTimeEqual(signature!, sign(`${encoded}.${list}`))) return null;
  return { email: Buffer.from(encoded!, "base64url").toString(), list: list as EmailList };
}

/** Stops one list for one address; receipts are not a list and never stop. */
export async function unsubscribe(db: Db, p: { email: string; list: EmailList }): Promise<void> {
  const current = await getDonorPreferences(db, p.email);
  await setDonorPreferences(db, p.email, { ...current, ...(p.list === "impact" ? { impactEmails: false } : { campaignUpdates: false }) });
}
