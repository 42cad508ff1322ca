import Stripe from "stripe";

export type StripeConfig = { secretKey: string; webhookSecrets: string[]; apiBase?: string; demo: boolean };

// One per process, set at start-up (real keys, or the local fake Stripe in demo mode and tests).
const holder = globalThis as unknown as { __fondoStripe?: { config: StripeConfig; client: Stripe } };

export function configureStripe(config: StripeConfig): void {
  const base = config.apiBase ? new URL(config.apiBase) : null;
  const client = new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol === "https:" ? "https" : "http" }
      : {}),
  });
  holder.__fondoStripe = { config, client };
}

export function stripeConfigured(): boolean {
  return holder.__fondoStripe !== undefined;
}

export function getStripe(): Stripe {
  if (!holder.__fondoStripe) throw new Error("Stripe is not configured: start the server (or the fake) first");
  return holder.__fondoStripe.client;
}

export function getStripeConfig(): StripeConfig {
  if (!holder.__fondoStripe) throw new Error("Stripe is not configured");
  return holder.__fondoStripe.config;
}

export function resetStripe(): void {
  holder.__fondoStripe = undefined;
}
