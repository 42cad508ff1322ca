import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { CardRate } from "../donations/pricing";

const optionalUrl = z.string().url().optional().or(z.literal("").transform(() => undefined));
const optional = z.string().min(1).optional().or(z.literal("").transform(() => undefined));

/** `version:base64key` pairs separated by commas; each key is 32 bytes (AES-256). */
const keyRing = z.string().refine(
  (value) =>
    value.split(",").every((pair) => {
      const [version, key] = pair.split(":");
      return /^\d+$/.test(version ?? "") && Buffer.from(key ?? "", "base64").length === 32;
    }),
  "must be version:base64 pairs of 32-byte keys, e.g. 1:<44 base64 chars>",
);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: optionalUrl,
  DATABASE_URL: optionalUrl,
  PGLITE_DATA_DIR: z.string().default(".data/pglite"),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_API_BASE: optionalUrl,
  /** Issuing Elements (the card number shown inside Stripe's frame) needs Stripe.js, which needs this. */
  STRIPE_PUBLISHABLE_KEY: optional,
  RESEND_API_KEY: optional,
  EMAIL_FROM: optional,
  RESEND_BASE_URL: optionalUrl,
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATA_ENCRYPTION_KEYS: keyRing.optional(),
  /** Keys the email blind index (HMAC-SHA-256); 32 bytes, base64. */
  BLIND_INDEX_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64")
    .optional(),
  CHROMIUM_PATH: optional,
  LOG_REQUESTS: z.enum(["0", "1"]).default("1"),
  /** 0: this server runs no background jobs (run `npm run fondo -- worker` instead); PostgreSQL only. */
  RUN_WORKER: z.enum(["0", "1"]).default("1"),
  /** Custom gift bounds in whole dollars (Stripe's own limits: $0.50 to $999,999.99). */
  DONATION_MIN_DOLLARS: z.coerce.number().int().min(1).max(999_999).default(5),
  DONATION_MAX_DOLLARS: z.coerce.number().int().min(1).max(999_999).default(10_000),
  /** The card rate the "cover the card fees" line is computed at: Stripe's standard US pricing by default. */
  CARD_FEE_PERCENT: z.coerce.number().min(0).max(10).default(2.9),
  CARD_FEE_FIXED_CENTS: z.coerce.number().int().min(0).max(500).default(30),
  /** US bank accounts (ACH Direct Debit): offered on the donate form; on by default only with the demo checkout. */
  BANK_PAYMENTS: z.enum(["on", "off"]).optional(),
  /** The bank rate "cover the fees" uses when the donor pays by bank: Stripe's 0.8% capped at $5 by default. */
  BANK_FEE_PERCENT: z.coerce.number().min(0).max(10).default(0.8),
  BANK_FEE_CAP_CENTS: z.coerce.number().int().min(0).max(100_000).default(500),
  /** From this gift (whole dollars) the form suggests paying by bank, with the saving. */
  BANK_SUGGEST_FROM_DOLLARS: z.coerce.number().int().min(0).max(999_999).default(500),
  /** Demo checkout only: how long a bank debit takes to clear. */
  DEMO_BANK_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  /** A Stripe payment method configuration (pmc_…) for card gifts: cards and the wallets turned on in it. */
  STRIPE_PAYMENT_METHOD_CONFIGURATION: z.string().regex(/^pmc_[A-Za-z0-9]+$/, "must be a payment method configuration id (pmc_…)").optional(),
  /**
   * How many proxies (load balancers) stand in front of the app; their X-Forwarded-For is trusted.
   * 0 by default: without a proxy, a visitor could write any X-Forwarded-For and dodge every
   * per-address limit.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).optional(),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  isProduction: boolean;
  port: number;
  host: string;
  appUrl: string;
  databaseUrl: string | undefined;
  pgliteDataDir: string;
  stripe: { secretKey: string; webhookSecrets: string[]; apiBase: string | undefined; publishableKey?: string } | null;
  resend: { apiKey: string; from: string; baseUrl: string | undefined } | null;
  emailFrom: string;
  /** Payments go to the local fake Stripe and its demo checkout. */
  demoMode: boolean;
  sessionSecret: string;
  dataEncryptionKeys: string;
  blindIndexKey: string;
  chromiumPath: string | undefined;
  logRequests: boolean;
  runWorker: boolean;
  donations: {
    minCents: number;
    maxCents: number;
    cardRate: CardRate;
    bankRate: CardRate;
    bankPayments: boolean;
    bankSuggestFromCents: number;
    paymentMethodConfiguration: string | null;
  };
  trustProxy: number;
  demoBankSettleMs: number;
  /** The development outbox page: never in production, and only when emails go nowhere else. */
  devOutbox: boolean;
};

export class EnvError extends Error {}

/** Reads and checks the environment (DESIGN §5). Production refuses generated or demo settings. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  const problems: string[] = [];
  if (e.DONATION_MIN_DOLLARS >= e.DONATION_MAX_DOLLARS) problems.push("DONATION_MIN_DOLLARS must be below DONATION_MAX_DOLLARS");
  if (isProduction) {
    if (!e.DATABASE_URL) problems.push("DATABASE_URL is required (embedded PGlite is for development)");
    if (!e.SESSION_SECRET) problems.push("SESSION_SECRET is required");
    if (!e.DATA_ENCRYPTION_KEYS) problems.push("DATA_ENCRYPTION_KEYS is required");
    if (!e.BLIND_INDEX_KEY) problems.push("BLIND_INDEX_KEY is required");
    if (!e.STRIPE_SECRET_KEY || !e.STRIPE_WEBHOOK_SECRET)
      problems.push("STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required (demo checkout is not allowed)");
    if (!e.APP_URL) problems.push("APP_URL is required");
    else if (!e.APP_URL.startsWith("https://")) problems.push("APP_URL must be https");
    if (!e.RESEND_API_KEY || !e.EMAIL_FROM) problems.push("RESEND_API_KEY and EMAIL_FROM are required");
  }
  if (problems.length > 0) {
    throw new EnvError(`${isProduction ? "Refusing to start in production" : "Invalid environment"}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
  const generated = isProduction ? null : devSecrets(e.PGLITE_DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    databaseUrl: e.DATABASE_URL,
    pgliteDataDir: e.PGLITE_DATA_DIR,
    stripe: e.STRIPE_SECRET_KEY
      ? {
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecrets: (e.STRIPE_WEBHOOK_SECRET ?? "").split(",").filter(Boolean),
          apiBase: e.STRIPE_API_BASE,
          publishableKey: e.STRIPE_PUBLISHABLE_KEY,
        }
      : null,
    resend: e.RESEND_API_KEY
      ? { apiKey: e.RESEND_API_KEY, from: e.EMAIL_FROM ?? "Fondo <fondo@example.org>", baseUrl: e.RESEND_BASE_URL }
      : null,
    emailFrom: e.EMAIL_FROM ?? "Fondo <fondo@example.org>",
    demoMode: !e.STRIPE_SECRET_KEY,
    sessionSecret: e.SESSION_SECRET ?? generated!.sessionSecret,
    dataEncryptionKeys: e.DATA_ENCRYPTION_KEYS ?? generated!.dataEncryptionKeys,
    blindIndexKey: e.BLIND_INDEX_KEY ?? generated!.blindIndexKey,
    chromiumPath: e.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
    logRequests: e.LOG_REQUESTS === "1",
    runWorker: e.RUN_WORKER === "1",
    donations: {
      minCents: e.DONATION_MIN_DOLLARS * 100,
      maxCents: e.DONATION_MAX_DOLLARS * 100,
      cardRate: { basisPoints: Math.round(e.CARD_FEE_PERCENT * 100), fixedCents: e.CARD_FEE_FIXED_CENTS },
      bankRate: { basisPoints: Math.round(e.BANK_FEE_PERCENT * 100), fixedCents: 0, capCents: e.BANK_FEE_CAP_CENTS },
      bankPayments: e.BANK_PAYMENTS ? e.BANK_PAYMENTS === "on" : !e.STRIPE_SECRET_KEY,
      bankSuggestFromCents: e.BANK_SUGGEST_FROM_DOLLARS * 100,
      paymentMethodConfiguration: e.STRIPE_PAYMENT_METHOD_CONFIGURATION ?? null,
    },
    trustProxy: e.TRUST_PROXY ?? 0,
    demoBankSettleMs: e.DEMO_BANK_SETTLE_MS,
    devOutbox: !isProduction && !e.RESEND_API_KEY,
  };
}

/**
 * Development secrets are generated once and kept beside the embedded database, so data
 * encrypted in one run still decrypts in the next.
 */
function devSecrets(pgliteDataDir: string): DevSecrets {
  const file = path.join(path.dirname(path.resolve(pgliteDataDir)), "dev-secrets.json");
  let stored: Partial<DevSecrets> = {};
  try {
    stored = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    stored = {};
  }
  const secrets: DevSecrets = {
    sessionSecret: stored.sessionSecret ?? crypto.randomBytes(32).toString("base64url"),
    dataEncryptionKeys: stored.dataEncryptionKeys ?? `1:${crypto.randomBytes(32).toString("base64")}`,
    // Added after the first release: older files get one without losing their other secrets.
    blindIndexKey: stored.blindIndexKey ?? crypto.randomBytes(32).toString("base64"),
  };
  if (Object.keys(secrets).some((key) => stored[key as keyof DevSecrets] === undefined)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}

let current: Env | undefined;
type DevSecrets = { sessionSecret: string; dataEncryptionKeys: string; blindIndexKey: string };

export function getEnv(): Env {
  current ??= loadEnv();
  return current;
}

/** The server makes the settings it was started with the ones every module reads. */
export function setEnv(env: Env | undefined): void {
  current = env;
}
