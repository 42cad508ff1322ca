/**
 * In demo mode the server runs the local fake Stripe in-process; the demo checkout page asks it
 * to complete or abandon a Checkout Session, which makes it send the same signed events Stripe
 * would. Nothing here exists in production (the environment refuses demo mode there).
 */
export type DemoGateway = {
  /** "us_bank_account": Checkout completes with the debit processing; it clears a moment later. */
  complete(sessionId: string, method?: "card" | "us_bank_account"): Promise<void>;
};

let current: DemoGateway | undefined;

export function registerDemoGateway(gateway: DemoGateway | undefined): void {
  current = gateway;
}

export function getDemoGateway(): DemoGateway | undefined {
  return current;
}
