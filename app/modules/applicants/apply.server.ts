import type { SubmissionResult } from "@conform-to/react";
import { and, desc, eq, notInArray } from "drizzle-orm";
import { applicantIdentities, feeRequests } from "../../../db/schema";
import { createFeeRequest } from "../applications/fee-requests.server";
import type { Campaign } from "../campaigns/campaigns.server";
import { campaignFee } from "../campaigns/fees.server";
import type { Db } from "../db/types";
import { msg } from "../forms/fields";
import { getOrganization, type Organization } from "../organization/organization.server";
import { consumeRateLimit, type RateLimitRule } from "../rate-limit/rate-limit.server";
import { addressIndexOf, emailIndexOf } from "./blind-index.server";
import { todayIn } from "../dates/dates";
import { checkEligibility } from "./eligibility";
import { sealIdentity } from "./identity.server";
import { notifyApplicant } from "./notify.server";
import { applicationSchema } from "./schema";
import { parseSubmission } from "../forms/read-form.server";

export const applyPerIp: RateLimitRule = { name: "apply:ip", limit: 5, windowSeconds: 60 * 60 };
/** Emailed links to one case, however they were asked for: nobody can flood an inbox. */
const caseLinkPerCase: RateLimitRule = { name: "case-link:case", limit: 5, windowSeconds: 60 * 60 };

const endedStatuses = ["paid", "rejected", "withdrawn"] as const;

type Reply = SubmissionResult<string[]>;
export type ApplyOutcome =
  | { kind: "sent" }
  | { kind: "invalid"; reply: Reply; status: 400 | 429 }
  | { kind: "ineligible"; reply: Reply; reason: "too_early" | "expired_too_long"; expires: string; opensOn: string | null };

export type ApplyPrices = { fixed: number | null; online: number | null; paper: number | null };

/** What the fund pays today: the campaign's fixed amount, or the fee schedule per filing method. */
export async function applyPrices(db: Db, campaign: Campaign, on: string): Promise<ApplyPrices> {
  if (campaign.feeSource === "fixed") return { fixed: campaign.fixedFeeCents, online: null, paper: null };
  const [online, paper] = await Promise.all((["online", "paper"] as const).map((filingMethod) => campaignFee(db, campaign, filingMethod, on)));
  return { fixed: null, online, paper };
}

export function applicationFormOptions(org: Organization) {
  return { collectANumber: org.collectANumber, collectDateOfBirth: org.collectDateOfBirth, timeZone: org.timezone };
}

/**
 * Takes an application (DESIGN §3). Invalid or ineligible input stores nothing. A repeat from an
 * email with an open case (found by its blind index) stores nothing new and emails a fresh link
 * to that case; the answer on screen is the same either way, so it reveals nothing about the email.
 */
export async function applyForHelp(
  db: Db,
  p: { formData: FormData; campaign: Campaign; ip: string; now?: Date },
): Promise<ApplyOutcome> {
  const now = p.now ?? new Date();
  const org = await getOrganization(db);
  const submission = parseSubmission(p.formData, { schema: applicationSchema(applicationFormOptions(org)) });
  if (submission.status !== "success") return { kind: "invalid", reply: submission.reply(), status: 400 };
  const input = submission.value;
  if (input.website) return { kind: "invalid", reply: submission.reply({ formErrors: ["applyErrors.generic"] }), status: 400 };

  const eligibility = checkEligibility(input.dacaExpiresOn, todayIn(org.timezone, now));
  if (!eligibility.eligible) {
    const error = eligibility.reason === "too_early" ? msg("applyErrors.tooEarly", { opensOn: eligibility.opensOn }) : "applyErrors.expiredTooLong";
    return {
      kind: "ineligible",
      reason: eligibility.reason,
      expires: input.dacaExpiresOn,
      opensOn: eligibility.reason === "too_early" ? eligibility.opensOn : null,
      reply: submission.reply({ fieldErrors: { dacaExpiresOn: [error] } }),
    };
  }

  const limit = await consumeRateLimit(db, applyPerIp, addressIndexOf(p.ip), now);
  if (!limit.allowed) return { kind: "invalid", reply: submission.reply({ formErrors: ["errors.tooManyAttempts"] }), status: 429 };

  await db.transaction(async (tx) => {
    const open = await findOpenCase(tx, input.email);
    if (open) {
      await emailCaseLink(tx, open, now);
      return;
    }
    const request = await createFeeRequest(tx, {
      campaignId: p.campaign.id,
      filingMethod: input.filingMethod,
      dacaExpiresOn: input.dacaExpiresOn,
      state: input.state,
      language: input.language,
    });
    await sealIdentity(tx, {
      feeRequestId: request.id,
      name: input.name,
      email: input.email,
      note: input.note ?? null,
      aNumber: input.aNumber ?? null,
      dateOfBirth: input.dateOfBirth ?? null,
      consentedAt: now,
    });
    await notifyApplicant(tx, { feeRequestId: request.id, event: "received", now });
  });
  return { kind: "sent" };
}

/** The most recent case from this email that has not ended, found by blind index only. */
async function findOpenCase(db: Db, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: feeRequests.id })
    .from(applicantIdentities)
    .innerJoin(feeRequests, eq(feeRequests.id, applicantIdentities.feeRequestId))
    .where(and(eq(applicantIdentities.emailIndex, emailIndexOf(email)), notInArray(feeRequests.status, [...endedStatuses])))
    .orderBy(desc(feeRequests.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/** The most recent case from this email whose personal data is still kept (ended ones too). */
export async function findCaseByEmail(db: Db, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: feeRequests.id })
    .from(applicantIdentities)
    .innerJoin(feeRequests, eq(feeRequests.id, applicantIdentities.feeRequestId))
    .where(eq(applicantIdentities.emailIndex, emailIndexOf(email)))
    .orderBy(desc(feeRequests.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/** Emails a fresh link to a case, at most a few times an hour per case (silently skipped beyond). */
export async function emailCaseLink(db: Db, feeRequestId: string, now = new Date()): Promise<void> {
  const limit = await consumeRateLimit(db, caseLinkPerCase, feeRequestId, now);
  if (limit.allowed) await notifyApplicant(db, { feeRequestId, event: "link", now });
}
