import { randomUUID } from "node:crypto";
import { outbox } from "../../../db/schema";
import type { Db } from "../db/types";
import type { Language } from "../i18n/config";
import type { EmailTemplateName, EmailProps } from "../../../emails";
import { sealOutboxValues } from "./sealed.server";

/** Queues an email in the caller's transaction; the worker renders and sends it later. */
export async function enqueueEmail<N extends EmailTemplateName>(
  db: Db,
  params: { template: N; to: string; locale: Language; props: EmailProps<N> },
): Promise<string> {
  const id = randomUUID();
  await db.insert(outbox).values({
    id,
    template: params.template,
    toAddress: params.to,
    locale: params.locale,
    props: params.props as Record<string, unknown>,
    idempotencyKey: `outbox-${id}`,
    // The sender compares with the application's clock (millisecond precision), not the database's.
    nextAttemptAt: new Date(),
  });
  return id;
}

/**
 * Queues an email to an applicant: address and props are encrypted and bound to the row, and
 * erased once sent. `idempotencyKey` is unique per email (Resend delivers each key once).
 */
export async function enqueueSealedEmail<N extends EmailTemplateName>(
  db: Db,
  params: { template: N; to: string; locale: Language; props: EmailProps<N>; idempotencyKey: string },
): Promise<string> {
  const id = randomUUID();
  await db.insert(outbox).values({
    id,
    template: params.template,
    locale: params.locale,
    ...sealOutboxValues(id, params.to, params.props as Record<string, unknown>),
    idempotencyKey: params.idempotencyKey,
    nextAttemptAt: new Date(),
  });
  return id;
}
