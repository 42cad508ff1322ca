import { desc, eq } from "drizzle-orm";
import { outbox } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { changeCampaignStatus } from "../../app/modules/campaigns/campaigns.server";
import type { CampaignInput } from "../../app/modules/campaigns/schema";
import { isErased, openOutboxRow } from "../../app/modules/email/sealed.server";
import { makeCampaign } from "./ledger";

/** A published campaign taking applications. */
export async function publishedCampaign(db: Db, actorUserId: string, overrides: Partial<CampaignInput> = {}) {
  const campaign = await makeCampaign(db, actorUserId, overrides);
  return changeCampaignStatus(db, { id: campaign.id, intent: "publish", actorUserId });
}

export function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

let n = 0;
/** A complete, eligible application as the form posts it. */
export function applicationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Ana",
    email: `applicant${++n}-${Date.now()}@example.net`,
    language: "es",
    state: "CA",
    dacaExpiresOn: isoDaysFromToday(90),
    filingMethod: "online",
    note: "",
    consent: "on",
    website: "",
    ...overrides,
  };
}

/** Applicant emails, opened (development view of sealed rows), newest first. */
export async function applicantEmails(db: Db, to: string) {
  const rows = await db.select().from(outbox).where(eq(outbox.template, "case-update")).orderBy(desc(outbox.createdAt));
  return rows
    .filter((row) => !isErased(row))
    .map((row) => openOutboxRow(row))
    .filter((row) => row.toAddress === to)
    .map((row) => ({ id: row.id, key: row.idempotencyKey, locale: row.locale, props: row.props as Record<string, unknown> & { url: string; event: string } }));
}

/** The path of the newest case link emailed to `to`. */
export async function latestCaseLinkPath(db: Db, to: string): Promise<string> {
  const [latest] = await applicantEmails(db, to);
  if (!latest) throw new Error("no case email was queued for this address");
  return new URL(latest.props.url).pathname;
}

/** Emails about a change of address sent to `to`, opened, newest first. */
export async function emailChangeEmails(db: Db, to: string) {
  const rows = await db.select().from(outbox).where(eq(outbox.template, "email-change")).orderBy(desc(outbox.createdAt));
  return rows
    .filter((row) => !isErased(row))
    .map((row) => openOutboxRow(row))
    .filter((row) => row.toAddress === to)
    .map((row) => ({ id: row.id, template: row.template, locale: row.locale, props: row.props as Record<string, unknown> & { kind: "confirm" | "notice"; url?: string } }));
}

/** The path (with its language) of the newest link confirming the new address `to`. */
export async function latestEmailChangePath(db: Db, to: string): Promise<string> {
  const [latest] = (await emailChangeEmails(db, to)).filter((e) => e.props.kind === "confirm");
  if (!latest?.props.url) throw new Error("no confirmation link was queued for this address");
  const url = new URL(latest.props.url);
  return url.pathname + url.search;
}
