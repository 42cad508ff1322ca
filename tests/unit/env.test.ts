import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "../../app/modules/config/env.server";

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fondo-env-")), "pglite");
const keys = `1:${crypto.randomBytes(32).toString("base64")}`;

describe("environment at start-up", () => {
  it("runs a fresh checkout with generated secrets, PGlite and demo payments", () => {
    const dataDir = tmp();
    const env = loadEnv({ PGLITE_DATA_DIR: dataDir });
    expect(env.databaseUrl).toBeUndefined();
    expect(env.demoMode).toBe(true);
    expect(env.resend).toBeNull();
    expect(env.appUrl).toBe("http://localhost:3000");
    // Generated once and kept, so encrypted data stays readable across restarts.
    expect(loadEnv({ PGLITE_DATA_DIR: dataDir }).dataEncryptionKeys).toBe(env.dataEncryptionKeys);
    expect(loadEnv({ PGLITE_DATA_DIR: dataDir }).blindIndexKey).toBe(env.blindIndexKey);
  });

  it("adds a blind-index key to an older secrets file without changing its other secrets", () => {
    const dataDir = tmp();
    const file = path.join(path.dirname(dataDir), "dev-secrets.json");
    fs.writeFileSync(file, JSON.stringify({ sessionSecret: "x".repeat(40), dataEncryptionKeys: keys }));
    const env = loadEnv({ PGLITE_DATA_DIR: dataDir });
    expect(env.dataEncryptionKeys).toBe(keys);
    expect(Buffer.from(env.blindIndexKey, "base64")).toHaveLength(32);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).blindIndexKey).toBe(env.blindIndexKey);
  });

  it("refuses to start in production with generated secrets, PGlite or demo payments", () => {
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    try {
      loadEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/fondo" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("SESSION_SECRET");
      expect(message).toContain("DATA_ENCRYPTION_KEYS");
      expect(message).toContain("BLIND_INDEX_KEY");
      expect(message).toContain("STRIPE_SECRET_KEY");
      expect(message).not.toContain("DATABASE_URL is required");
    }
  });

  it("starts in production when everything real is given", () => {
    const env = loadEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db/fondo",
      SESSION_SECRET: "s".repeat(40),
      DATA_ENCRYPTION_KEYS: keys,
      BLIND_INDEX_KEY: crypto.randomBytes(32).toString("base64"),
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_a,whsec_b",
      RESEND_API_KEY: "re_x",
      EMAIL_FROM: "Fondo <hola@example.org>",
      APP_URL: "https://fondo.example.org/",
    });
    expect(env.demoMode).toBe(false);
    expect(env.stripe?.webhookSecrets).toEqual(["whsec_a", "whsec_b"]);
    expect(env.appUrl).toBe("https://fondo.example.org");
    // Safe defaults: no proxy is trusted unless one is named, and no development outbox.
    expect(env.trustProxy).toBe(0);
    expect(env.devOutbox).toBe(false);
  });

  it("shows the development outbox only outside production and without a Resend key", () => {
    expect(loadEnv({ PGLITE_DATA_DIR: tmp() }).devOutbox).toBe(true);
    expect(loadEnv({ PGLITE_DATA_DIR: tmp(), RESEND_API_KEY: "re_live", EMAIL_FROM: "a@example.org" }).devOutbox).toBe(false);
    expect(loadEnv({ PGLITE_DATA_DIR: tmp(), TRUST_PROXY: "2" }).trustProxy).toBe(2);
  });

  it("explains invalid values", () => {
    expect(() => loadEnv({ DATA_ENCRYPTION_KEYS: "1:tooshort", PGLITE_DATA_DIR: tmp() })).toThrow(/DATA_ENCRYPTION_KEYS/);
    expect(() => loadEnv({ PORT: "eighty", PGLITE_DATA_DIR: tmp() })).toThrow(/PORT/);
    expect(() => loadEnv({ DATABASE_URL: "not a url", PGLITE_DATA_DIR: tmp() })).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ DONATION_MIN_DOLLARS: "100", DONATION_MAX_DOLLARS: "50", PGLITE_DATA_DIR: tmp() })).toThrow(/DONATION_MIN_DOLLARS must be below/);
    expect(() => loadEnv({ CARD_FEE_PERCENT: "25", PGLITE_DATA_DIR: tmp() })).toThrow(/CARD_FEE_PERCENT/);
  });

  it("takes gift bounds and the card rate from the environment, with Stripe's standard US pricing by default", () => {
    expect(loadEnv({ PGLITE_DATA_DIR: tmp() }).donations).toMatchObject({ minCents: 500, maxCents: 1_000_000, cardRate: { basisPoints: 290, fixedCents: 30 } });
    const nonprofit = loadEnv({ PGLITE_DATA_DIR: tmp(), DONATION_MIN_DOLLARS: "1", DONATION_MAX_DOLLARS: "25000", CARD_FEE_PERCENT: "2.2", CARD_FEE_FIXED_CENTS: "30" });
    expect(nonprofit.donations).toMatchObject({ minCents: 100, maxCents: 2_500_000, cardRate: { basisPoints: 220, fixedCents: 30 } });
  });

  it("takes the bank rate and payment method configuration from the environment; bank payments default on only with the demo checkout", () => {
    expect(loadEnv({ PGLITE_DATA_DIR: tmp() }).donations).toMatchObject({
      bankRate: { basisPoints: 80, fixedCents: 0, capCents: 500 },
      bankPayments: true,
      bankSuggestFromCents: 50_000,
      paymentMethodConfiguration: null,
    });
    const live = loadEnv({ PGLITE_DATA_DIR: tmp(), STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_PAYMENT_METHOD_CONFIGURATION: "pmc_1Abc" });
    expect(live.donations).toMatchObject({ bankPayments: false, paymentMethodConfiguration: "pmc_1Abc" });
    const on = loadEnv({ PGLITE_DATA_DIR: tmp(), STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x", BANK_PAYMENTS: "on", BANK_FEE_PERCENT: "1", BANK_FEE_CAP_CENTS: "300" });
    expect(on.donations).toMatchObject({ bankPayments: true, bankRate: { basisPoints: 100, fixedCents: 0, capCents: 300 } });
    expect(() => loadEnv({ PGLITE_DATA_DIR: tmp(), STRIPE_PAYMENT_METHOD_CONFIGURATION: "card" })).toThrow(/pmc_/);
  });
});
