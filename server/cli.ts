import { parseArgs } from "node:util";
import { generateTOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { z } from "zod";
import { createAdmin, UserError } from "../app/modules/auth/users.server";
import { EnvError, loadEnv } from "../app/modules/config/env.server";
import { DatabaseInUseError, openAppDatabase, type Database } from "../app/modules/db/index.server";
import { demoStaff } from "../app/modules/seed/demo-content";
import { seedDemo, seedFeeSchedules } from "../app/modules/seed/seed.server";
import { findCampaignBySlug } from "../app/modules/campaigns/campaigns.server";
import { yearIn } from "../app/modules/dates/dates";
import { organizationTimeZone } from "../app/modules/organization/clock.server";
import { fundQueue } from "../app/modules/funding/funding.server";
import { verifyLedger } from "../app/modules/ledger/totals.server";
import { configureStripe } from "../app/modules/payments/stripe.server";
import { reconcileStripeEvents } from "../app/modules/donations/reconcile.server";
import { queueYearEndStatements } from "../app/modules/donations/statements.server";
import { startWorker, workerJobNames } from "./worker";
import { rotateKeys } from "../app/modules/applicants/rotation.server";
import { purgeEndedCases } from "../app/modules/applicants/retention.server";
import { parseKeyRing } from "../app/modules/privacy/encryption.server";
import { normaliseStoredImages } from "../app/modules/images/normalise.server";

const usage = `Usage: npm run fondo -- <command> [options]

Commands:
  migrate                 apply database migrations
  seed                    add demo data (organization, fee schedules, campaigns, demo sign-ins); idempotent
  seed:fees               add the USCIS fee schedules only (safe in production); idempotent
  admin:create <email>    create an administrator who signs in by emailed link
  allocate --campaign <slug>   fund approved requests in queue order while the pool covers them
  ledger:verify           check every ledger invariant (balanced, cached balances and totals)
  reconcile               fetch Stripe events since the last run and process any that were missed
  statements --year YYYY  queue a year-end giving statement for every donor of that year; idempotent
  worker                  run the background jobs (email, reconciler, clean-up) in this process until stopped;
                          for PostgreSQL deployments that set RUN_WORKER=0 on the app servers
  keys:rotate             re-encrypt applicants' data, case messages and waiting emails to the newest key
                          in DATA_ENCRYPTION_KEYS; safe to re-run; lists values that fail to decrypt
  images:normalize        re-encode stored logos and campaign images as bounded copies (at most 1024 px,
                          PNG or JPEG, no metadata); safe to re-run; lists images that cannot be read
  retention:purge         destroy the personal data of cases that ended more than the retention window ago
  demo:totp [reviewer]    print the demo admin's (or reviewer's) current two-step code (demo data only)
`;

class UsageError extends Error {}
class VerifyError extends Error {}

type Command = (args: string[], open: () => Promise<Database>) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate(_args, open) {
    const database = await open();
    console.log(`Migrations applied (${database.kind}).`);
  },
  async seed(_args, open) {
    if (loadEnv().isProduction) throw new UsageError("seed writes demo accounts and is refused in production; use seed:fees");
    const database = await open();
    const report = await seedDemo(database.db);
    console.log(
      `Seeded: ${report.feeSchedules} fee schedules, ${report.campaigns} campaigns, ${report.users} demo accounts` +
        `${report.organization ? ", organization settings" : ""}${report.moneyTrail ? ", a money trail" : ""}` +
        `${report.fundraiser ? ", a business fundraiser" : ""}${report.applications ? ", applications in every state" : ""}.`,
    );
  },
  async "seed:fees"(_args, open) {
    const database = await open();
    console.log(`Seeded ${await seedFeeSchedules(database.db)} fee schedules.`);
  },
  async "admin:create"(args, open) {
    const email = z.string().trim().toLowerCase().email().safeParse(args[0]);
    if (!email.success || args.length !== 1) throw new UsageError("admin:create takes one valid email address");
    const database = await open();
    try {
      const admin = await createAdmin(database.db, { email: email.data });
      console.log(`Administrator ${admin.email} created. Sign in at ${loadEnv().appUrl}/sign-in with an emailed link,`);
      console.log("then set up two-step verification (required for administrators).");
    } catch (error) {
      if (error instanceof UserError) throw new UsageError(`an account with ${email.data} already exists`);
      throw error;
    }
  },
  async allocate(args, open) {
    const { values } = parseArgs({ args, options: { campaign: { type: "string" } }, strict: true });
    if (!values.campaign) throw new UsageError("allocate needs --campaign <slug>");
    const database = await open();
    const campaign = await findCampaignBySlug(database.db, values.campaign);
    if (!campaign) throw new UsageError(`no campaign with slug "${values.campaign}"`);
    const result = await fundQueue(database.db, { campaignId: campaign.id });
    console.log(`Funded ${result.funded} fee(s), ${(result.allocatedCents / 100).toFixed(2)} USD, in ${campaign.slug}.`);
  },
  async "ledger:verify"(_args, open) {
    const database = await open();
    const problems = await verifyLedger(database.db);
    if (problems.length === 0) {
      console.log("Ledger verified: every transaction balances; cached balances and campaign totals match the entries.");
      return;
    }
    for (const problem of problems) console.error(`  ${problem}`);
    throw new VerifyError(`${problems.length} ledger problem(s) found`);
  },
  async reconcile(_args, open) {
    const env = loadEnv();
    if (!env.stripe) throw new UsageError("reconcile needs STRIPE_SECRET_KEY (in demo mode the running server reconciles by itself)");
    configureStripe({ secretKey: env.stripe.secretKey, webhookSecrets: env.stripe.webhookSecrets, apiBase: env.stripe.apiBase, demo: false });
    const database = await open();
    const report = await reconcileStripeEvents(database.db);
    console.log(
      `Reconciled: ${report.seen} events seen, ${report.processed} processed now, ${report.alreadyProcessed} already done, ${report.failed} failed; watermark ${new Date(report.watermark * 1000).toISOString()}.`,
    );
    if (report.failed > 0) throw new VerifyError(`${report.failed} event(s) could not be processed; they will be retried`);
  },
  async statements(args, open) {
    const { values } = parseArgs({ args, options: { year: { type: "string" } }, strict: true });
    const year = Number(values.year);
    if (!/^\d{4}$/.test(values.year ?? "") || year < 2000) throw new UsageError("statements needs --year YYYY (a past or the current year)");
    const database = await open();
    if (year > yearIn(new Date(), await organizationTimeZone(database.db))) throw new UsageError("statements needs --year YYYY (a past or the current year)");
    const step = (total: number) => Math.max(1, Math.ceil(total / 20));
    const report = await queueYearEndStatements(database.db, {
      year,
      onProgress: (done, total) => {
        if (done % step(total) === 0 || done === total) console.log(`  ${done}/${total} donors (${Math.round((done / total) * 100)}%)`);
      },
    });
    console.log(`Statements for ${year}: ${report.donors} donors, ${report.queued} queued now, ${report.alreadyQueued} already queued before.`);
    console.log("The worker sends them from the outbox.");
  },
  async worker(_args, open) {
    const env = loadEnv();
    if (env.stripe) configureStripe({ secretKey: env.stripe.secretKey, webhookSecrets: env.stripe.webhookSecrets, apiBase: env.stripe.apiBase, demo: false });
    const database = await open();
    const stopped = new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    const worker = startWorker(database);
    console.log(`Worker running (${database.kind}): ${workerJobNames().join(", ")}. Ctrl-C stops it.`);
    await stopped;
    await worker.stop();
    console.log("Worker stopped.");
  },
  async "images:normalize"(_args, open) {
    const database = await open();
    const report = await normaliseStoredImages(database.db, (done) => {
      if (done % 50 === 0) console.log(`  ${done} images checked`);
    });
    console.log(`Images: ${report.checked} checked, ${report.normalised} normalised now, ${report.checked - report.normalised - report.unreadable.length} already bounded.`);
    if (report.unreadable.length > 0)
      throw new VerifyError(`${report.unreadable.length} image(s) cannot be read or are too large to decode safely, left untouched (posters skip them): ${report.unreadable.join(", ")}`);
  },
  async "keys:rotate"(_args, open) {
    const ring = parseKeyRing(loadEnv().dataEncryptionKeys);
    const database = await open();
    console.log(`Re-encrypting to key version ${ring.current}…`);
    const report = await rotateKeys(database.db, ring, ({ table, done, total }) => console.log(`  ${table}: ${done}/${total}`));
    const counts = Object.entries(report.reencrypted).map(([table, n]) => `${n} ${table}`);
    console.log(`Re-encrypted ${counts.join(", ")} to key version ${report.keyVersion}.`);
    if (report.failures.length === 0) return;
    // Ids only: the values themselves are what cannot be trusted.
    for (const f of report.failures) console.error(`  ${f.table} ${f.id}: ${f.reason === "unknown_key" ? "its key is not in DATA_ENCRYPTION_KEYS" : "tampered with or moved from another row"}`);
    throw new VerifyError(`${report.failures.length} value(s) could not be decrypted and were left as they are`);
  },
  async "retention:purge"(_args, open) {
    const database = await open();
    const report = await purgeEndedCases(database.db);
    console.log(
      `Destroyed the personal data of ${report.cases} case(s) that ended before ${report.cutoff.toISOString()} (retention: ${report.retentionDays} days).`,
    );
  },
  async "demo:totp"(args) {
    if (args.length > 1 || (args[0] !== undefined && args[0] !== "admin" && args[0] !== "reviewer")) throw new UsageError("demo:totp takes admin (the default) or reviewer");
    const secret = args[0] === "reviewer" ? demoStaff.reviewerTotpSecret : demoStaff.adminTotpSecret;
    console.log(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  },
};

async function main(argv: string[]): Promise<number> {
  // The command comes first; each command parses its own options.
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  let database: Database | undefined;
  try {
    await command(rest, async () => (database = await openAppDatabase(loadEnv(), "cli")));
  } finally {
    await database?.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    console.error(`fondo: ${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
  } else if (error instanceof EnvError || error instanceof DatabaseInUseError || error instanceof VerifyError) {
    console.error(`fondo: ${error.message}`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
