import { and, asc, eq, gte, lte } from "drizzle-orm";
import { feeRequests } from "../../../db/schema";
import { notifyApplicant } from "../applicants/notify.server";
import type { Db } from "../db/types";
import { getOrganization } from "../organization/organization.server";
import { addDays, daysBetween, todayIn } from "../dates/dates";

/** Lead times of the evidence reminders, in days before the deadline. */
export const REMINDER_DAYS = { week: 7, day: 1 } as const;

/**
 * Reminds applicants of a USCIS evidence deadline a week and a day before it (in the
 * organization's time zone). Each reminder is sent once per deadline, so the job can run often;
 * a deadline recorded late gets only the reminders still ahead of it.
 */
export async function sendEvidenceReminders(db: Db, options: { now?: Date } = {}): Promise<number> {
  const today = todayIn((await getOrganization(db)).timezone, options.now);
  const weekAhead = addDays(today, REMINDER_DAYS.week);
  const due = await db
    .select({ id: feeRequests.id, dueOn: feeRequests.evidenceDueOn })
    .from(feeRequests)
    .where(and(eq(feeRequests.uscisStatus, "evidence_requested"), gte(feeRequests.evidenceDueOn, today), lte(feeRequests.evidenceDueOn, weekAhead)))
    .orderBy(asc(feeRequests.evidenceDueOn));
  let sent = 0;
  for (const r of due) {
    const left = daysBetween(today, r.dueOn!);
    const lead = left <= REMINDER_DAYS.day ? "day" : "week";
    const id = await db.transaction((tx) =>
      notifyApplicant(tx, { feeRequestId: r.id, event: "evidence_reminder", eventDate: r.dueOn, onceKey: `${r.dueOn}/${lead}`, now: options.now }),
    );
    if (id) sent++;
  }
  return sent;
}
