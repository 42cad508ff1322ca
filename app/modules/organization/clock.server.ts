import { todayIn, type CalendarDate } from "../dates/dates";
import type { Db } from "../db/types";
import { getOrganization } from "./organization.server";

/** The organization's time zone: the one clock every date a person sees follows. */
export async function organizationTimeZone(db: Db): Promise<string> {
  return (await getOrganization(db)).timezone;
}

/** Today where the organization is. */
export async function organizationToday(db: Db, now: Date = new Date()): Promise<CalendarDate> {
  return todayIn(await organizationTimeZone(db), now);
}
