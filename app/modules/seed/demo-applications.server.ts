import { eq, sql } from "drizzle-orm";
import { applicantIdentities, campaigns, feeRequests, users } from "../../../db/schema";
import { approveFeeRequest, createFeeRequest } from "../applications/fee-requests.server";
import { withdrawCase } from "../applicants/case.server";
import { sealIdentity } from "../applicants/identity.server";
import { notifyApplicant } from "../applicants/notify.server";
import { performReviewAction } from "../applicants/review.server";
import { addDays, todayIn } from "../dates/dates";
import type { Db } from "../db/types";
import { recordOfflineGift } from "../donations/staff.server";
import { payFee } from "../funding/funding.server";
import { getOrganization } from "../organization/organization.server";
import { recordDecision, recordEvidenceRequested, recordFiled, recordRefiled, recordRejectedAtIntake } from "../uscis/status.server";
import { demoOrganization, demoStaff } from "./demo-content";

type DemoCase = {
  name: string;
  language: "en" | "es";
  state: string;
  method: "online" | "paper";
  /** DACA expiration, in days from today (negative: already expired). */
  expiresIn: number;
  /** When it was received, in days before today. */
  receivedAgo: number;
  note?: string;
  outcome: "submitted" | "in_review" | "approved" | "funded" | "paid" | "rejected" | "withdrawn" | UscisOutcome;
};

/** Paid cases further along at USCIS (ADR 0022). */
type UscisOutcome = "uscis_filed" | "uscis_evidence" | "uscis_approved" | "uscis_denied" | "uscis_refiled";
const uscisOutcomes: UscisOutcome[] = ["uscis_filed", "uscis_evidence", "uscis_approved", "uscis_denied", "uscis_refiled"];

// Every person here is invented; the addresses use the reserved example.org domain.
const demoCases: DemoCase[] = [
  { name: "Marisol Ejemplo", language: "es", state: "CA", method: "online", expiresIn: 128, receivedAgo: 1, outcome: "submitted", note: "Trabajo de noche; prefiero correo." },
  { name: "Daniel Sample", language: "en", state: "TX", method: "paper", expiresIn: 141, receivedAgo: 2, outcome: "submitted" },
  { name: "Itzel Muestra", language: "es", state: "IL", method: "online", expiresIn: 97, receivedAgo: 6, outcome: "in_review" },
  { name: "Kevin Example", language: "en", state: "NY", method: "online", expiresIn: 61, receivedAgo: 12, outcome: "approved" },
  { name: "Yesenia Prueba", language: "es", state: "AZ", method: "online", expiresIn: 118, receivedAgo: 9, outcome: "approved" },
  { name: "Óscar Ensayo", language: "es", state: "CA", method: "online", expiresIn: 33, receivedAgo: 20, outcome: "funded" },
  { name: "Lupita Modelo", language: "es", state: "CA", method: "online", expiresIn: -18, receivedAgo: 35, outcome: "paid" },
  { name: "Samuel Placeholder", language: "en", state: "FL", method: "online", expiresIn: 104, receivedAgo: 15, outcome: "rejected" },
  { name: "Rocío Simulada", language: "es", state: "NV", method: "online", expiresIn: 112, receivedAgo: 11, outcome: "withdrawn" },
  { name: "Beatriz Ficticia", language: "es", state: "CO", method: "online", expiresIn: 20, receivedAgo: 60, outcome: "uscis_filed" },
  { name: "Tomás Inventado", language: "es", state: "NM", method: "online", expiresIn: 15, receivedAgo: 75, outcome: "uscis_evidence" },
  { name: "Grace Example", language: "en", state: "WA", method: "online", expiresIn: -5, receivedAgo: 120, outcome: "uscis_approved" },
  { name: "Noah Sample", language: "en", state: "GA", method: "online", expiresIn: -9, receivedAgo: 130, outcome: "uscis_denied" },
  { name: "Maricela Ensayo", language: "es", state: "TX", method: "online", expiresIn: 10, receivedAgo: 90, outcome: "uscis_refiled" },
];

const DAY = 24 * 60 * 60_000;
const isoDay = (offsetDays: number) => addDays(todayIn(demoOrganization.timezone), offsetDays);

/**
 * Fictional applications in every state of a case, with encrypted identities, messages and the
 * emails each step sends (visible at /dev/outbox), so the staff queue and the allocation story
 * show in the demo. A check from a community event funds the two cases shown as funded and paid.
 * Runs once: skipped when any applicant identity exists.
 */
export async function seedDemoApplications(db: Db, campaignSlug: string): Promise<boolean> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(applicantIdentities);
  if (Number(existing?.n ?? 0) > 0) return false;
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.slug, campaignSlug));
  const [reviewer] = await db.select({ id: users.id }).from(users).where(eq(users.email, demoStaff.reviewer.email));
  if (!campaign || !reviewer) return false;
  const actorUserId = reviewer.id;

  const ids = new Map<DemoCase["outcome"] | string, string>();
  for (const c of demoCases) {
    const request = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: c.method, dacaExpiresOn: isoDay(c.expiresIn), state: c.state, language: c.language });
    const slug = c.name.normalize("NFD").replace(/[^A-Za-z ]/g, "").toLowerCase().replace(/ /g, ".");
    await sealIdentity(db, { feeRequestId: request.id, name: c.name.split(" ")[0]!, email: `${slug}@example.org`, note: c.note ?? null });
    await db
      .update(feeRequests)
      .set({ createdAt: new Date(Date.now() - c.receivedAgo * DAY) })
      .where(eq(feeRequests.id, request.id));
    await notifyApplicant(db, { feeRequestId: request.id, event: "received" });
    ids.set(`${c.outcome}:${c.name}`, request.id);
  }
  const idOf = (outcome: DemoCase["outcome"]) => [...ids].filter(([k]) => k.startsWith(`${outcome}:`)).map(([, id]) => id);

  for (const id of idOf("in_review"))
    await performReviewAction(db, {
      feeRequestId: id,
      actorUserId,
      action: { intent: "request-info", message: "¿Nos puede confirmar si va a presentar la renovación en línea o por correo?" },
    });
  for (const id of idOf("rejected"))
    await performReviewAction(db, {
      feeRequestId: id,
      actorUserId,
      action: { intent: "reject", reason: "This fund pays DACA renewals only; an initial request is not covered. Local legal clinics can help." },
    });
  for (const id of idOf("withdrawn")) await withdrawCase(db, id);

  // Funded and paid: approved, then a check collected at a community event funds them through
  // automatic allocation (they expire first, so they lead the queue).
  let needed = 0;
  const atUscis = uscisOutcomes.flatMap(idOf);
  for (const id of [...idOf("paid"), ...atUscis, ...idOf("funded")]) {
    await db.transaction(async (tx) => {
      needed += (await approveFeeRequest(tx, { feeRequestId: id, actorUserId })).feeCents ?? 0;
      await notifyApplicant(tx, { feeRequestId: id, event: "approved" });
    });
  }
  await recordOfflineGift(db, { campaign, amountCents: needed, method: "check", donorName: "Parroquia Santa María (demo)", donorEmail: null, locale: "es", actorUserId });
  for (const id of [...idOf("paid"), ...atUscis]) {
    const [request] = await db.select().from(feeRequests).where(eq(feeRequests.id, id));
    await payFee(db, {
      feeRequestId: id,
      method: "g1650_ach",
      paidOn: isoDay(-3),
      reference: "G1650-DEMO-0193",
      lines: [
        { form: "I-821D", amountCents: 8500 },
        { form: "I-765", amountCents: request!.feeCents! - 8500 },
      ],
      recordedByUserId: actorUserId,
    });
  }
  await followAtUscis(db, { campaign, actorUserId, idOf });
  // Waiting in the queue: approved after the check was spent, so a new gift funds them.
  for (const id of idOf("approved")) {
    await db.transaction(async (tx) => {
      await approveFeeRequest(tx, { feeRequestId: id, actorUserId });
      await notifyApplicant(tx, { feeRequestId: id, event: "approved" });
    });
  }
  return true;
}

/**
 * USCIS's side for the demo: one case filed, one with an evidence deadline next week, one approved,
 * one denied, and one rejected at intake, refiled within the window and paid again from its own returned fee.
 */
async function followAtUscis(
  db: Db,
  p: { campaign: typeof campaigns.$inferSelect; actorUserId: string; idOf: (outcome: UscisOutcome) => string[] },
): Promise<void> {
  const today = todayIn((await getOrganization(db)).timezone);
  const step = (id: string) => ({ feeRequestId: id, actorUserId: p.actorUserId });
  const day = (offset: number) => addDays(today, offset);
  for (const id of p.idOf("uscis_filed")) await recordFiled(db, { ...step(id), filedOn: day(-2), receipt: "IOE0900000001" });
  for (const id of p.idOf("uscis_evidence")) {
    await recordFiled(db, { ...step(id), filedOn: day(-2) });
    await recordEvidenceRequested(db, { ...step(id), dueOn: day(6) });
  }
  for (const [outcome, decision] of [
    ["uscis_approved", "approved"],
    ["uscis_denied", "denied"],
  ] as const)
    for (const id of p.idOf(outcome)) {
      await recordFiled(db, { ...step(id), filedOn: day(-3) });
      await recordDecision(db, { ...step(id), decidedOn: day(0), decision });
    }
  for (const id of p.idOf("uscis_refiled")) {
    await recordFiled(db, { ...step(id), filedOn: day(-3) });
    const { returnedCents } = await recordRejectedAtIntake(db, { ...step(id), rejectedOn: day(-1) });
    // The returned fee is held for the case; refiled within the window, it pays the new packet.
    await recordRefiled(db, step(id));
    await payFee(db, {
      feeRequestId: id,
      method: "g1450_card",
      paidOn: day(0),
      reference: "G1450-DEMO-REFILE",
      lines: [
        { form: "I-821D", amountCents: 8500 },
        { form: "I-765", amountCents: returnedCents - 8500 },
      ],
      recordedByUserId: p.actorUserId,
    });
    await recordFiled(db, { ...step(id), filedOn: day(0) });
  }
}
