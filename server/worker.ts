import type { Database } from "../app/modules/db/index.server";
import { deleteExpiredSessions } from "../app/modules/auth/sessions.server";
import { deleteStaleRateLimits } from "../app/modules/rate-limit/rate-limit.server";
import { sendQueuedEmails } from "../app/modules/email/sender.server";
import { reconcileStripeEvents } from "../app/modules/donations/reconcile.server";
import { cancelSpentCards } from "../app/modules/issuing/cards.server";
import { stripeConfigured } from "../app/modules/payments/stripe.server";
import { endFinishedFundraisers } from "../app/modules/fundraisers/fundraisers.server";
import { purgeEndedCases } from "../app/modules/applicants/retention.server";
import { sendMonthlyImpact } from "../app/modules/donors/impact.server";
import { queueCampaignUpdates } from "../app/modules/donors/updates.server";
import { deleteExpiredDonorAccess } from "../app/modules/donors/session.server";
import { deleteExpiredCaseAccess } from "../app/modules/applicants/case-session.server";
import { normaliseStoredImages } from "../app/modules/images/normalise.server";
import { processLinkRequests } from "../app/modules/link-requests/link-requests.server";
import { sendEvidenceReminders } from "../app/modules/uscis/reminders.server";

type Job = { name: string; everyMs: number; runAtStart?: boolean; run(db: Database["db"]): Promise<void> };

const jobs: Job[] = [
  { name: "expire-sessions", everyMs: 10 * 60_000, run: (db) => deleteExpiredSessions(db) },
  { name: "expire-donor-access", everyMs: 10 * 60_000, run: (db) => deleteExpiredDonorAccess(db) },
  { name: "expire-case-access", everyMs: 10 * 60_000, run: async (db) => void (await deleteExpiredCaseAccess(db)) },
  { name: "prune-rate-limits", everyMs: 60 * 60_000, run: (db) => deleteStaleRateLimits(db) },
  // "Email me a link" forms only leave a request, so known and unknown addresses cost the same.
  { name: "link-requests", everyMs: 1_000, run: async (db) => void (await processLinkRequests(db)) },
  // "What your gifts did": in the first week of a month, last month's, once per donor (keyed).
  { name: "impact-emails", everyMs: 60 * 60_000, runAtStart: true, run: async (db) => void (await sendMonthlyImpact(db)) },
  // Campaign updates go out in batches; staff see the progress on the campaign's updates page.
  { name: "campaign-updates", everyMs: 2_000, run: async (db) => void (await queueCampaignUpdates(db)) },
  { name: "send-emails", everyMs: 5_000, run: (db) => sendQueuedEmails(db) },
  // Pages past their end date close, and each host gets the summary (and the match link) once.
  { name: "end-fundraisers", everyMs: 15 * 60_000, run: async (db) => void (await endFinishedFundraisers(db)) },
  // Catches Stripe events whose webhook never arrived or failed (Stripe keeps 30 days of events).
  { name: "reconcile-stripe", everyMs: 5 * 60_000, run: async (db) => void (stripeConfigured() && (await reconcileStripeEvents(db))) },
  // A case released, withdrawn or closed keeps no open card (its authorizations are declined meanwhile).
  { name: "cancel-spent-cards", everyMs: 5 * 60_000, run: async (db) => void (stripeConfigured() && (await cancelSpentCards(db))) },
  // Images stored before uploads were bounded get their bounded copy once (idempotent; see images:normalize).
  { name: "normalize-images", everyMs: 24 * 60 * 60_000, runAtStart: true, run: async (db) => void (await normaliseStoredImages(db)) },
  // USCIS evidence deadlines: a reminder a week and a day before (each sent once per deadline).
  { name: "evidence-reminders", everyMs: 60 * 60_000, runAtStart: true, run: async (db) => void (await sendEvidenceReminders(db)) },
  // Destroys ended cases' personal data once their retention window has passed (DESIGN §3).
  { name: "purge-ended-cases", everyMs: 24 * 60 * 60_000, runAtStart: true, run: async (db) => void (await purgeEndedCases(db)) },
];

export const workerJobNames = () => jobs.map((job) => job.name);

/**
 * Background work inside the server process (required with PGlite, which one process owns).
 * Each job runs on its own interval and never overlaps itself.
 */
export function startWorker(database: Database) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const p = job
        .run(database.db)
        .catch((error) => console.error(`worker job ${job.name} failed:`, (error as Error).message))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    };
    timers.push(setInterval(tick, job.everyMs).unref());
    // A daily job would otherwise never run on a server restarted more often than once a day.
    if (job.runAtStart) timers.push(setTimeout(tick, 60_000).unref());
  }
  return {
    async stop() {
      timers.forEach(clearInterval);
      await Promise.all(running);
    },
  };
}
