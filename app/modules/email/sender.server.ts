import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { Resend, type ErrorResponse } from "resend";
import { outbox } from "../../../db/schema";
import { getEnv, type Env } from "../config/env.server";
import type { Db } from "../db/types";
import { renderEmail, type RenderedEmail } from "./render.server";
import { erasedOutboxValues, openOutboxRow } from "./sealed.server";

export type ResendSettings = { apiKey: string; from: string; baseUrl?: string };
export type SendOptions = { resend: ResendSettings; now?: Date; limit?: number; maxAttempts?: number };
export type SendSummary = { sent: number; failed: number; retried: number };

type OutboxRow = typeof outbox.$inferSelect;
type Outcome = { ok: true } | { ok: false; code: string; retry: boolean };

/** A claimed row is left alone by other workers for this long, then counts as abandoned. */
const LEASE_MS = 2 * 60_000;
const SEND_TIMEOUT_MS = 10_000;
// DEFAULT_LIMIT sends of at most SEND_TIMEOUT_MS each finish well inside the lease.
const DEFAULT_LIMIT = 10;
const DEFAULT_MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * Sends due outbox emails through Resend (DESIGN §4). Rows are claimed in a short transaction,
 * then sent outside any transaction with the row's idempotency key, so a send repeated after a
 * crash is delivered once.
 */
export async function sendPendingEmails(db: Db, options: SendOptions): Promise<SendSummary> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const summary: SendSummary = { sent: 0, failed: 0, retried: 0 };
  const claimed = await claimDueEmails(db, now, options.limit ?? DEFAULT_LIMIT);
  if (claimed.length === 0) return summary;
  const resend = new Resend(options.resend.apiKey, { baseUrl: options.resend.baseUrl });
  for (const row of claimed) {
    const outcome = await deliver(resend, options.resend.from, row);
    summary[await recordOutcome(db, row, outcome, now, maxAttempts)] += 1;
  }
  return summary;
}

/** The worker's job: without Resend settings, emails wait in the outbox (viewable at /dev/outbox). */
export async function sendQueuedEmails(db: Db, resend: Env["resend"] = getEnv().resend): Promise<void> {
  if (resend) await sendPendingEmails(db, { resend });
}

/**
 * Takes a lease on due rows: `attempts` goes up and `next_attempt_at` moves past the lease, so
 * concurrent workers skip them, and a worker that dies mid-send leaves them due again later.
 */
async function claimDueEmails(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(
        inArray(
          outbox.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
  });
}

async function deliver(resend: Resend, from: string, sealedRow: OutboxRow): Promise<Outcome> {
  let row: OutboxRow;
  try {
    row = openOutboxRow(sealedRow);
  } catch {
    // Tampered, moved or already erased: never send what cannot be verified.
    return { ok: false, code: "decrypt_error", retry: false };
  }
  let email: RenderedEmail;
  try {
    email = await renderEmail(row);
  } catch {
    return { ok: false, code: "render_error", retry: false };
  }
  const error = await post(resend, from, row, email);
  if (!error) return { ok: true };
  return { ok: false, code: `${error.statusCode ?? "no_response"} ${error.name}`, retry: isTransient(error) };
}

async function post(resend: Resend, from: string, row: OutboxRow, email: RenderedEmail): Promise<ErrorResponse | null> {
  try {
    const { error } = await resend.emails.send(
      { from, to: row.toAddress, subject: email.subject, html: email.html, text: email.text, ...(email.headers ? { headers: email.headers } : {}) },
      { idempotencyKey: row.idempotencyKey, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
    );
    return error;
  } catch {
    return { statusCode: null, name: "application_error", message: "send threw" };
  }
}

/**
 * Network trouble, rate limits, server errors and a wrong or revoked API key (a configuration
 * problem an operator fixes) pass; other 4xx (this email is invalid) never will.
 */
function isTransient(error: ErrorResponse): boolean {
  const status = error.statusCode;
  if (status === null || status === undefined) return true;
  if (status === 409) return error.name === "concurrent_idempotent_requests";
  return status === 401 || status === 403 || status === 408 || status === 429 || status >= 500;
}

function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);
}

/** Only the worker holding the lease may settle the row (another may have taken it over since). */
function stillClaimed(row: OutboxRow) {
  return and(eq(outbox.id, row.id), eq(outbox.status, "pending"), eq(outbox.attempts, row.attempts));
}

async function recordOutcome(
  db: Db,
  row: OutboxRow,
  outcome: Outcome,
  now: Date,
  maxAttempts: number,
): Promise<keyof SendSummary> {
  if (outcome.ok) {
    await markSent(db, row, now);
    return "sent";
  }
  const giveUp = !outcome.retry || row.attempts >= maxAttempts;
  const next = giveUp
    ? { status: "failed" as const, lastError: outcome.code, ...(row.sealed ? erasedOutboxValues : {}) }
    : { lastError: outcome.code, nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)) };
  await db.update(outbox).set(next).where(stillClaimed(row));
  console.warn(`email ${row.id} attempt ${row.attempts}: ${outcome.code}; ${giveUp ? "gave up" : "will retry"}`);
  return giveUp ? "failed" : "retried";
}

async function markSent(db: Db, row: OutboxRow, now: Date): Promise<void> {
  // Emails to applicants keep neither address nor body once delivered (DESIGN §3).
  const erase = row.sealed ? erasedOutboxValues : {};
  await db
    .update(outbox)
    .set({ status: "sent", sentAt: now, lastError: null, ...erase })
    .where(stillClaimed(row));
}
