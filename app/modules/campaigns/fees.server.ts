import { and, asc, desc, eq, lte } from "drizzle-orm";
import { feeScheduleComponents, feeSchedules } from "../../../db/schema";
import { addDays } from "../dates/dates";
import type { Db } from "../db/types";
import { recordAudit } from "../audit/audit.server";
import type { FeeScheduleInput } from "./schema";

export type FilingMethod = "online" | "paper";
export type FeeQuote = { scheduleId: string; totalCents: number; components: { form: string; amountCents: number }[] };

/** The schedule in force on a date for a program and filing method. */
export async function quoteFee(
  db: Db,
  params: { program: string; filingMethod: FilingMethod; on: string },
): Promise<FeeQuote | null> {
  const [schedule] = await db
    .select()
    .from(feeSchedules)
    .where(
      and(
        eq(feeSchedules.program, params.program),
        eq(feeSchedules.filingMethod, params.filingMethod),
        lte(feeSchedules.effectiveFrom, params.on),
      ),
    )
    .orderBy(desc(feeSchedules.effectiveFrom))
    .limit(1);
  if (!schedule || (schedule.effectiveUntil && schedule.effectiveUntil < params.on)) return null;
  const components = await db
    .select({ form: feeScheduleComponents.form, amountCents: feeScheduleComponents.amountCents })
    .from(feeScheduleComponents)
    .where(eq(feeScheduleComponents.feeScheduleId, schedule.id))
    .orderBy(asc(feeScheduleComponents.position));
  return { scheduleId: schedule.id, totalCents: components.reduce((sum, c) => sum + c.amountCents, 0), components };
}

/**
 * What one fee costs in a campaign on a date: the campaign's fixed amount, or the schedule in
 * force for the filing method. Null when no schedule covers the date.
 */
export async function campaignFee(
  db: Db,
  campaign: { feeSource: string; fixedFeeCents: number | null; feeProgram: string },
  filingMethod: FilingMethod,
  on: string,
): Promise<number | null> {
  if (campaign.feeSource === "fixed") return campaign.fixedFeeCents;
  return (await quoteFee(db, { program: campaign.feeProgram, filingMethod, on }))?.totalCents ?? null;
}

export async function listFeeSchedules(db: Db) {
  const schedules = await db
    .select()
    .from(feeSchedules)
    .orderBy(asc(feeSchedules.program), desc(feeSchedules.effectiveFrom), asc(feeSchedules.filingMethod));
  const components = await db.select().from(feeScheduleComponents).orderBy(asc(feeScheduleComponents.position));
  return schedules.map((s) => ({ ...s, components: components.filter((c) => c.feeScheduleId === s.id) }));
}

export class FeeScheduleError extends Error {}

/**
 * Adds a schedule from a date. The schedule it supersedes (same program and method) ends the
 * day before; history is never edited otherwise.
 */
export async function addFeeSchedule(
  db: Db,
  input: FeeScheduleInput & { effectiveUntil?: string | null },
  actorUserId: string | null,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: feeSchedules.id })
      .from(feeSchedules)
      .where(
        and(
          eq(feeSchedules.program, input.program),
          eq(feeSchedules.filingMethod, input.filingMethod),
          eq(feeSchedules.effectiveFrom, input.effectiveFrom),
        ),
      );
    if (existing) throw new FeeScheduleError("errors.scheduleExists");
    const [previous] = await tx
      .select()
      .from(feeSchedules)
      .where(
        and(
          eq(feeSchedules.program, input.program),
          eq(feeSchedules.filingMethod, input.filingMethod),
          lte(feeSchedules.effectiveFrom, input.effectiveFrom),
        ),
      )
      .orderBy(desc(feeSchedules.effectiveFrom))
      .limit(1);
    if (previous && (!previous.effectiveUntil || previous.effectiveUntil >= input.effectiveFrom)) {
      await tx
        .update(feeSchedules)
        .set({ effectiveUntil: dayBefore(input.effectiveFrom) })
        .where(eq(feeSchedules.id, previous.id));
    }
    const [schedule] = await tx
      .insert(feeSchedules)
      .values({
        program: input.program,
        filingMethod: input.filingMethod,
        effectiveFrom: input.effectiveFrom,
        effectiveUntil: input.effectiveUntil ?? null,
        nameEn: input.nameEn,
        nameEs: input.nameEs,
      })
      .returning({ id: feeSchedules.id });
    await tx.insert(feeScheduleComponents).values(
      input.components.map((c, position) => ({
        feeScheduleId: schedule!.id,
        form: c.form,
        labelEn: c.labelEn,
        labelEs: c.labelEs,
        amountCents: c.amount,
        position,
      })),
    );
    await recordAudit(tx, {
      actorUserId,
      action: "fee_schedule.added",
      subjectType: "fee_schedule",
      subjectId: schedule!.id,
    });
    return schedule!.id;
  });
}

const dayBefore = (isoDate: string): string => addDays(isoDate, -1);
