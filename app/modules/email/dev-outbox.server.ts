import { desc, eq } from "drizzle-orm";
import { outbox } from "../../../db/schema";
import type { Db } from "../db/types";
import { renderEmail } from "./render.server";

export async function listOutbox(db: Db, limit = 100) {
  return db
    .select({ id: outbox.id, template: outbox.template, toAddress: outbox.toAddress, locale: outbox.locale, status: outbox.status, createdAt: outbox.createdAt })
    .from(outbox)
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
}

export async function showOutboxEmail(db: Db, id: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row) return null;
  return { id: row.id, toAddress: row.toAddress, status: row.status, createdAt: row.createdAt, ...(await renderEmail(row)) };
}
