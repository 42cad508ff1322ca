import { desc, eq } from "drizzle-orm";
import { outbox } from "../../../db/schema";
import type { Db } from "../db/types";
import { renderEmail, renderSubject } from "./render.server";
import { isErased, openOutboxRow } from "./sealed.server";

const ERASED = "(erased after sending)";
const UNREADABLE = "(cannot be decrypted)";

function opened(row: typeof outbox.$inferSelect): { toAddress: string; subject: string } {
  if (isErased(row)) return { toAddress: ERASED, subject: ERASED };
  try {
    const open = openOutboxRow(row);
    return { toAddress: open.toAddress, subject: renderSubject(open) };
  } catch {
    return { toAddress: UNREADABLE, subject: UNREADABLE };
  }
}

const addressOf = (row: typeof outbox.$inferSelect) => opened(row).toAddress;

/** Development only: sealed rows are opened here so the demo can follow an applicant's emails. */
export async function listOutbox(db: Db, limit = 100) {
  const rows = await db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(limit);
  return rows.map((row) => ({
    id: row.id,
    template: row.template,
    ...opened(row),
    locale: row.locale,
    status: row.status,
    createdAt: row.createdAt,
  }));
}

export async function showOutboxEmail(db: Db, id: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  if (!row || isErased(row) || addressOf(row) === UNREADABLE) return null;
  const open = openOutboxRow(row);
  return { id: open.id, toAddress: open.toAddress, status: open.status, createdAt: open.createdAt, ...(await renderEmail(open)) };
}
