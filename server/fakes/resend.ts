import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeEmail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  idempotencyKey?: string;
  /** Custom headers (`headers` in the request), e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
};

export type FakeResend = {
  /** Base URL to give the Resend SDK (`new Resend(key, { baseUrl })`). */
  url: string;
  /** Emails accepted, once per idempotency key. */
  emails: FakeEmail[];
  /** Every `POST /emails` received, failed and replayed ones included. */
  readonly requests: number;
  /** Answers the next `n` requests with `status` (default: the start option, else 500). */
  failNext(n: number, status?: number): void;
  stop(): Promise<void>;
};

type Reply = { status: number; body: unknown };

const errorNames: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  409: "invalid_idempotent_request",
  422: "validation_error",
  429: "rate_limit_exceeded",
};

function errorReply(status: number, message: string): Reply {
  const name = errorNames[status] ?? (status >= 500 ? "internal_server_error" : "application_error");
  return { status, body: { statusCode: status, name, message } };
}

function asStringList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value;
  return null;
}

function parseEmail(body: unknown): Omit<FakeEmail, "id" | "idempotencyKey"> | null {
  if (typeof body !== "object" || body === null) return null;
  const fields = body as Record<string, unknown>;
  const to = asStringList(fields.to);
  const { from, subject, html, text, headers } = fields;
  if (typeof from !== "string" || typeof subject !== "string" || !to) return null;
  if (typeof html !== "string" && typeof text !== "string") return null;
  // Resend takes an object of string header values; anything else is a validation error.
  if (headers !== undefined && (typeof headers !== "object" || headers === null || Object.values(headers).some((v) => typeof v !== "string"))) return null;
  return {
    ...(headers ? { headers: headers as Record<string, string> } : {}),
    from,
    to,
    subject,
    ...(typeof html === "string" ? { html } : {}),
    ...(typeof text === "string" ? { text } : {}),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * A local stand-in for the Resend API (`POST /emails`) that the real SDK talks to over HTTP.
 * Like Resend, a repeated Idempotency-Key returns the first email's id without sending again,
 * and the same key with a different payload is refused with 409.
 */
export async function startFakeResend(options: { failFirst?: number; status?: number } = {}): Promise<FakeResend> {
  const emails: FakeEmail[] = [];
  const byKey = new Map<string, { id: string; payload: string }>();
  const failure = { remaining: options.failFirst ?? 0, status: options.status ?? 500 };
  let requests = 0;

  function acceptEmail(rawBody: string, idempotencyKey: string | undefined): Reply {
    const email = parseEmail(parseJson(rawBody));
    if (!email) return errorReply(422, "Missing or invalid `from`, `to`, `subject`, or body.");
    if (idempotencyKey) {
      const earlier = byKey.get(idempotencyKey);
      if (earlier && earlier.payload !== rawBody) return errorReply(409, "Same idempotency key, different payload.");
      if (earlier) return { status: 200, body: { id: earlier.id } };
    }
    const id = randomUUID();
    emails.push({ id, ...email, ...(idempotencyKey ? { idempotencyKey } : {}) });
    if (idempotencyKey) byKey.set(idempotencyKey, { id, payload: rawBody });
    return { status: 200, body: { id } };
  }

  async function handle(req: http.IncomingMessage): Promise<Reply> {
    if (req.method !== "POST" || req.url !== "/emails") return errorReply(404, "Not found.");
    requests += 1;
    const rawBody = await readBody(req);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? "")) return errorReply(401, "Missing API key.");
    if (failure.remaining > 0) {
      failure.remaining -= 1;
      return errorReply(failure.status, "Injected failure.");
    }
    const key = req.headers["idempotency-key"];
    return acceptEmail(rawBody, typeof key === "string" ? key : undefined);
  }

  const server = http.createServer((req, res) => {
    handle(req)
      .catch((): Reply => errorReply(500, "Fake Resend crashed."))
      .then((reply) => {
        res.writeHead(reply.status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(reply.body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    emails,
    get requests() {
      return requests;
    },
    failNext(n, status) {
      failure.remaining = n;
      failure.status = status ?? options.status ?? 500;
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
