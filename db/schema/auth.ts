import { boolean, index, jsonb, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { locale, userRole, userStatus } from "./enums";

/** Staff (admin, reviewer) and business hosts. Applicants and donors have no account. */
export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored lower-cased. */
    email: text().notNull(),
    displayName: text(),
    role: userRole().notNull(),
    status: userStatus().notNull().default("invited"),
    locale: locale().notNull().default("en"),
    /** argon2id hash; null when the account signs in by magic link only. */
    passwordHash: text(),
    /** TOTP secret, encrypted with the data key ring (see app/modules/privacy). */
    totpSecretEncrypted: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The 30-second step of the last code accepted: a code is never accepted twice. */
    totpLastStep: integer(),
    invitedById: uuid(),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/**
 * Lucia-style sessions. The cookie holds `<id>.<secret>`; only the SHA-256 of the secret is
 * stored, and it is compared in constant time.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Sliding expiry: moved forward on use, never past absoluteExpiresAt. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    /** False until the second factor is checked (or when the user has none and needs none). */
    twoFactorVerified: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use emailed links (sign-in, staff invitations). Only the token's hash is stored. */
export const signInTokens = pgTable(
  "sign_in_tokens",
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text({ enum: ["sign_in", "invite"] }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_tokens_user_idx").on(t.userId)],
);

/** Fixed-window counters shared by every app process (login, apply, checkout limits). */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text().primaryKey(),
    windowStartsAt: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [index("rate_limit_window_idx").on(t.windowStartsAt)],
);

/** Append-only record of staff actions and of every view of an applicant's personal data. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    actorUserId: uuid(),
    /** e.g. "user.invited", "campaign.published", "case.viewed". */
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    /** Never personal data: ids, changed field names, reasons. */
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId)],
);
