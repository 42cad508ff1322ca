import crypto from "node:crypto";
import type { Env } from "../app/modules/config/env.server";
import { registerDemoGateway } from "../app/modules/payments/demo-gateway.server";
import { configureStripe, resetStripe } from "../app/modules/payments/stripe.server";
import type { FakeStripe } from "./fakes/stripe/index";

export type Payments = { fake: FakeStripe | null; webhookSecret: string | null; listening(url: string): void; stop(): Promise<void> };

/**
 * Real Stripe when keys are set; otherwise (never in production) the local fake Stripe that the
 * tests use, with the demo checkout page standing in for Stripe Checkout.
 */
export async function startPayments(env: Env): Promise<Payments> {
  if (env.stripe) {
    configureStripe({ secretKey: env.stripe.secretKey, webhookSecrets: env.stripe.webhookSecrets, apiBase: env.stripe.apiBase, demo: false });
    return { fake: null, webhookSecret: null, listening() {}, async stop() {} };
  }
  if (env.isProduction) throw new Error("Stripe keys are required in production");
  const webhookSecret = `whsec_demo_${crypto.randomBytes(18).toString("hex")}`;
  let appUrl = env.appUrl;
  // The demo checkout page and portal live beside the URL the app gave, so they open at whatever
  // address the visitor used (app/modules/http/public-url.server.ts).
  const beside = (url: string | null, path: string) => `${url ? new URL(url).origin : appUrl}${path}`;
  // Loaded only here, so the production path never loads the fake or its fixtures.
  const { startFakeStripe } = await import("./fakes/stripe/index");
  const { portalPath } = await import("./fakes/stripe/portal");
  const fake = await startFakeStripe({
    webhookSecret,
    checkoutUrl: (id, successUrl) => beside(successUrl, `/demo-checkout/${id}`),
    portalUrl: (id, returnUrl) => beside(returnUrl, `${portalPath}/${id}`),
  });
  // The demo's Issuing balance starts topped up, as staff would from Stripe's dashboard.
  fake.fundIssuing(5_000_00);
  configureStripe({ secretKey: "sk_test_demo_fondo", webhookSecrets: [webhookSecret], apiBase: fake.url, demo: true });
  registerDemoGateway({
    complete: async (id, method = "card") => {
      await fake.completeCheckout(id, { method });
      // A bank debit clears a few days later on Stripe; in the demo, a few seconds later.
      if (method === "us_bank_account") setTimeout(() => void fake.settleBankDebit(id).catch(() => {}), env.demoBankSettleMs).unref();
    },
  });
  return {
    fake,
    webhookSecret,
    listening(url) {
      appUrl = env.appUrl.includes(`:${new URL(url).port}`) ? env.appUrl : url;
      fake.setWebhookUrl(`${url.replace("localhost", "127.0.0.1")}/webhooks/stripe`);
      fake.setIssuingWebhookUrl(`${url.replace("localhost", "127.0.0.1")}/webhooks/stripe/issuing`);
    },
    async stop() {
      registerDemoGateway(undefined);
      resetStripe();
      await fake.stop();
    },
  };
}
