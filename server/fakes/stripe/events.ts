import Stripe from "stripe";
import { invalid, missing } from "./errors";
import { overlay, toJson, type JsonObject } from "./fixtures";
import { newId, nowSeconds } from "./util";

export type EventRequest = { id: string | null; idempotency_key: string | null };

export type ListEventsQuery = {
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: { gt?: number; gte?: number; lt?: number; lte?: number };
  types?: string[];
};

/**
 * The event log. Each event carries a snapshot of its object taken when it happened (like Stripe:
 * `data.object` never changes afterwards) and, for updates, `data.previous_attributes`.
 */
export class EventLog {
  /** Oldest first. */
  readonly events: Stripe.Event[] = [];

  create(input: {
    type: Stripe.Event["type"];
    object: object;
    previousAttributes?: Record<string, unknown>;
    request?: EventRequest;
    pendingWebhooks: number;
  }): Stripe.Event {
    const data: JsonObject = { object: toJson(input.object) };
    if (input.previousAttributes) data.previous_attributes = toJson(input.previousAttributes);
    const event = overlay<Omit<Stripe.EventBase, "data"> & { data: JsonObject }>("event", {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      data,
      livemode: false,
      pending_webhooks: input.pendingWebhooks,
      request: input.request ?? { id: null, idempotency_key: null },
      type: input.type,
    }) as unknown as Stripe.Event;
    this.events.push(event);
    return event;
  }

  get(id: string): Stripe.Event {
    const event = this.events.find((e) => e.id === id);
    if (!event) missing("event", id);
    return event;
  }

  /** `GET /v1/events`: newest first, cursor pagination, `created` range and `types[]` filters. */
  list(query: ListEventsQuery): { object: "list"; data: Stripe.Event[]; has_more: boolean; url: string } {
    const limit = query.limit ?? 10;
    if (limit < 1 || limit > 100) invalid("Invalid integer: limit must be between 1 and 100", "limit");
    const { created, types } = query;
    let matching = [...this.events].reverse().filter((e) => {
      if (types && types.length > 0 && !types.some((t) => matchesType(t, e.type))) return false;
      if (created) {
        if (created.gt !== undefined && !(e.created > created.gt)) return false;
        if (created.gte !== undefined && !(e.created >= created.gte)) return false;
        if (created.lt !== undefined && !(e.created < created.lt)) return false;
        if (created.lte !== undefined && !(e.created <= created.lte)) return false;
      }
      return true;
    });
    if (query.startingAfter) {
      const index = matching.findIndex((e) => e.id === query.startingAfter);
      if (index < 0) this.get(query.startingAfter);
      matching = matching.slice(index + 1);
      return { object: "list", data: matching.slice(0, limit), has_more: matching.length > limit, url: "/v1/events" };
    }
    if (query.endingBefore) {
      const index = matching.findIndex((e) => e.id === query.endingBefore);
      if (index < 0) this.get(query.endingBefore);
      const before = matching.slice(0, Math.max(index, 0));
      return { object: "list", data: before.slice(-limit), has_more: before.length > limit, url: "/v1/events" };
    }
    return { object: "list", data: matching.slice(0, limit), has_more: matching.length > limit, url: "/v1/events" };
  }
}

/** `types[]` accepts exact types and a trailing wildcard (`charge.dispute.*`). */
function matchesType(pattern: string, type: string): boolean {
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
