import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { feeRequests } from "./applications";

/**
 * An applicant's identifying data (DESIGN §3), one row per fee request. Every value column holds
 * ciphertext from app/modules/privacy (AES-256-GCM, key version in the value, associated data
 * `applicant_identities:<feeRequestId>:<column>`), and is null once retention destroys it.
 */
export const applicantIdentities = pgTable(
  "applicant_identities",
  {
    feeRequestId: uuid()
      .primaryKey()
      .references(() => feeRequests.id),
    name: text(),
    email: text(),
    note: text(),
    /** Optional fields, collected only when an admin turns them on. */
    aNumber: text(),
    dateOfBirth: text(),
    /** The USCIS receipt number, when staff record one at filing. */
    uscisReceipt: text(),
    /** Keyed hash (HMAC-SHA-256) of the normalized email: finds a repeat application without the email. */
    emailIndex: text(),
    /**
     * A new address the applicant asked for, sealed like the others (`...:pending_email`). It takes
     * the place of `email` only when the link emailed to it is opened (SHA-256 of its token kept).
     */
    pendingEmail: text(),
    pendingEmailTokenHash: text(),
    pendingEmailExpiresAt: timestamp({ withTimezone: true }),
    /** The key version every ciphertext of this row uses; keys:rotate re-encrypts rows below the newest. */
    keyVersion: integer().notNull(),
    consentedAt: timestamp({ withTimezone: true }).notNull(),
    /** Set when retention destroyed the personal data; money records stay. */
    destroyedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("applicant_identities_email_index").on(t.emailIndex), uniqueIndex("applicant_identities_pending_email_token").on(t.pendingEmailTokenHash)],
);

/** Messages between staff and an applicant (requests for information, rejection reasons); body encrypted. */
export const caseMessages = pgTable(
  "case_messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    feeRequestId: uuid()
      .notNull()
      .references(() => feeRequests.id),
    kind: text({ enum: ["info_request", "rejection", "applicant_reply"] }).notNull(),
    /** Ciphertext bound to `case_messages:<id>:body`; null once destroyed. */
    body: text(),
    keyVersion: integer().notNull(),
    authorUserId: uuid(),
    createdAt: createdAt(),
  },
  (t) => [index("case_messages_request").on(t.feeRequestId, t.createdAt)],
);

/** Single-use emailed links to a case; only the token's hash is stored. */
export const caseLinks = pgTable(
  "case_links",
  {
    tokenHash: text().primaryKey(),
    feeRequestId: uuid()
      .notNull()
      .references(() => feeRequests.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("case_links_request").on(t.feeRequestId)],
);

/** Short sessions a case link is exchanged for (cookie `<id>.<secret>`, SHA-256 of the secret stored). */
export const caseSessions = pgTable(
  "case_sessions",
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    feeRequestId: uuid()
      .notNull()
      .references(() => feeRequests.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("case_sessions_request").on(t.feeRequestId)],
);
