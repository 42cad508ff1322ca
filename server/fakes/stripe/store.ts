import type Stripe from "stripe";

/** What a Checkout Session was created with that the session object itself does not keep. */
export type SessionExtras = {
  items: Stripe.LineItem[];
  paymentIntentData: {
    metadata: Record<string, string>;
    description: string | null;
    receiptEmail: string | null;
    statementDescriptor: string | null;
  };
  subscriptionData: { metadata: Record<string, string>; description: string | null };
};

/** Every object the fake knows, by type. Objects are mutated in place as their state changes. */
export class Store {
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly sessionExtras = new Map<string, SessionExtras>();
  readonly products = new Map<string, Stripe.Product>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly customers = new Map<string, Stripe.Customer>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly balanceTransactions = new Map<string, Stripe.BalanceTransaction>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly invoicePayments = new Map<string, Stripe.InvoicePayment>();
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>();
  readonly cardholders = new Map<string, Stripe.Issuing.Cardholder>();
  readonly cards = new Map<string, Stripe.Issuing.Card>();
  /** Full card numbers and CVCs: only the demo Elements stand-in shows them (never in API answers). */
  readonly cardSecrets = new Map<string, { number: string; cvc: string }>();
  readonly authorizations = new Map<string, Stripe.Issuing.Authorization>();
  readonly issuingTransactions = new Map<string, Stripe.Issuing.Transaction>();
  readonly ephemeralKeys = new Map<string, { id: string; secret: string; card: string; expires: number }>();

  private all(): Map<string, { id: string; object: string }>[] {
    return [
      this.sessions,
      this.products,
      this.prices,
      this.customers,
      this.paymentIntents,
      this.charges,
      this.balanceTransactions,
      this.refunds,
      this.disputes,
      this.subscriptions,
      this.invoices,
      this.invoicePayments,
      this.portalSessions,
      this.cardholders,
      this.cards,
      this.authorizations,
      this.issuingTransactions,
    ];
  }

  /** Any object by id (for `expand[]`). */
  find(id: string): { id: string; object: string } | undefined {
    for (const map of this.all()) {
      const found = map.get(id);
      if (found) return found;
    }
    return undefined;
  }

  refundsOf(chargeId: string): Stripe.Refund[] {
    return [...this.refunds.values()].filter((r) => r.charge === chargeId).sort((a, b) => b.created - a.created);
  }

  paymentsOf(invoiceId: string): Stripe.InvoicePayment[] {
    return [...this.invoicePayments.values()].filter((p) => p.invoice === invoiceId);
  }

  disputeOf(chargeId: string): Stripe.Dispute | undefined {
    return [...this.disputes.values()].find((d) => d.charge === chargeId);
  }
}
