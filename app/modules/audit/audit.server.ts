import { auditLog } from "../../../db/schema";
import type { Db } from "../db/types";

/** Appends to the audit log. `details` must never hold personal data: ids and field names only. */
export async function recordAudit(
  db: Db,
  entry: {
    actorUserId: string | null;
    action: string;
    subjectType: string;
    subjectId?: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
  });
}
