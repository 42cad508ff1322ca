import Stripe from "stripe";

export type StripeConfig = { secretKey: string; webhookSecrets: string[]; apiBase?: string; demo: boolean };

// One per process, set at start-up (real keys, or the local fake Stripe in demo mode and tests).
let current: { config: StripeConfig; client: Stripe } | undefined;

export function configureStripe(config: StripeConfig): void {
  const base = config.apiBase ? new URL(config.apiBase) : null;
  const client = new Stripe(config.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base
      ? { host: base.hostname, port: base.port || (base.protocol === "https:" ? 443 : 80), protocol: base.protocol === "https:" ? "https" : "http" }
      : {}),
  });
  current = { config, client };
}

export function stripeConfigured(): boolean {
  return current !== undefined;
}

export function getStripe(): Stripe {
  if (!current) throw new Error("Stripe is not configured: start the server (or the fake) first");
  return current.client;
}

export function getStripeConfig(): StripeConfig {
  if (!current) throw new Error("Stripe is not configured");
  return current.config;
}

export function resetStripe(): void {
  current = undefined;
}
