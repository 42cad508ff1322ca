import crypto from "node:crypto";
import { getEnv } from "../config/env.server";

let key: Buffer | undefined;

/** The same address however it was typed: Unicode-normalized, trimmed, lower case. */
export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

/**
 * Keyed hash (HMAC-SHA-256, key BLIND_INDEX_KEY) of a normalized email. It finds a repeat
 * application without storing the address; without the key it cannot be reversed by guessing.
 */
export function emailIndexOf(email: string): string {
  return keyedHash(`email:${normalizeEmail(email)}`);
}

/** A visitor's address as a rate-limit subject: counted per address, never stored in clear. */
export function addressIndexOf(ip: string): string {
  return keyedHash(`ip:${ip}`);
}

/** Rate-limit subjects made of several parts (an account and an address): keyed, never stored in clear. */
export function limitSubjectOf(...parts: string[]): string {
  return keyedHash(`subject:${parts.map((part) => part.normalize("NFKC").trim().toLowerCase()).join("\n")}`);
}

function keyedHash(value: string): string {
  key ??= Buffer.from(getEnv().blindIndexKey, "base64");
  return crypto.createHmac("sha256", key).update(value, "utf8").digest("base64url");
}
