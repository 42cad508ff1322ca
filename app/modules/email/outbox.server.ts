import { randomUUID } from "node:crypto";
import { outbox } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import type { EmailTemplateName, EmailProps } from "../../../emails";
import { sealOutboxValues } from "./sealed.server";

/**
 * Queues an email in the caller's transaction; the worker renders and sends it later. With an
 * idempotency key (e.g. `receipt/<donation id>`) the email is queued at most once: a repeat
 * returns null. The key is also Resend's Idempotency-Key, so a send retried after a crash is
 * delivered once.
 */
export async function enqueueEmail<N extends EmailTemplateName>(
  db: Db,
  params: { template: N; to: string; locale: Language; props: EmailProps<N>; idempotencyKey?: string },
): Promise<string | null> {
  const id = randomUUID();
  const inserted = await db.insert(outbox).values({
    id,
    template: params.template,
    toAddress: params.to,
    locale: params.locale,
    props: params.props as Record<string, unknown>,
    idempotencyKey: params.idempotencyKey ?? `outbox/${id}`,
    // The sender compares with the application's clock (millisecond precision), not the database's.
    nextAttemptAt: new Date(),
  }).onConflictDoNothing({ target: outbox.idempotencyKey }).returning({ id: outbox.id });
  return inserted.length > 0 ? id : null;
}

/**
 * Queues an email to an applicant: address and props are encrypted and bound to the row, and
 * erased once sent. `idempotencyKey` is unique per email (Resend delivers each key once).
 */
export async function enqueueSealedEmail<N extends EmailTemplateName>(
  db: Db,
  params: { template: N; to: string; locale: Language; props: EmailProps<N>; idempotencyKey: string },
): Promise<string | null> {
  const id = randomUUID();
  const inserted = await db
    .insert(outbox)
    .values({
      id,
      template: params.template,
      locale: params.locale,
      ...sealOutboxValues(id, params.to, params.props as Record<string, unknown>),
      idempotencyKey: params.idempotencyKey,
      nextAttemptAt: new Date(),
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return inserted.length > 0 ? id : null;
}
