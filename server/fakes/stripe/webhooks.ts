import Stripe from "stripe";

export type Delivery = { eventId: string; type: string; status: number };

/**
 * Delivers events to the webhook endpoint one at a time, in order, signed with the SDK's own
 * `generateTestHeaderString` — exactly what `stripe.webhooks.constructEvent` verifies. A refused
 * or failed delivery is recorded (status 0 for a network error) and not retried: tests and the
 * demo call `redeliver`. While paused, events are recorded but skipped (not queued for later),
 * as if the endpoint had missed them.
 */
export class WebhookDeliverer {
  readonly deliveries: Delivery[] = [];
  url: string | undefined;
  paused = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly secret: string,
    private readonly timeoutMs: number,
    private readonly onDelivered: (event: Stripe.Event, status: number) => void,
  ) {}

  /** Queues a delivery; resolves when it has been sent (or skipped). */
  enqueue(event: Stripe.Event): Promise<void> {
    const run = this.tail.then(async () => {
      if (this.paused || !this.url) return;
      await this.send(event, this.url);
    });
    this.tail = run.catch(() => undefined);
    return this.tail;
  }

  /** Sends an event again (even while paused) after everything already queued; returns the HTTP status. */
  redeliver(event: Stripe.Event): Promise<number> {
    const run = this.tail.then(() => (this.url ? this.send(event, this.url) : 0));
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves once every queued delivery has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }

  private async send(event: Stripe.Event, url: string): Promise<number> {
    const payload = JSON.stringify(event, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.secret });
    let status = 0;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "cache-control": "no-cache",
          accept: "*/*; q=0.5, application/xml",
        },
        body: payload,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    this.deliveries.push({ eventId: event.id, type: event.type, status });
    this.onDelivered(event, status);
    return status;
  }
}
