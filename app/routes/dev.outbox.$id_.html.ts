import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEnv } from "~/modules/config/env.server";
import { getDb } from "~/modules/db/index.server";
import { showOutboxEmail } from "~/modules/email/dev-outbox.server";
import { foundOr404 } from "~/modules/http/found.server";

/**
 * Development only: an email's HTML as the mail client gets it, for the outbox page's sandboxed
 * frame. Its links open outside the frame (a new tab, or the whole window), as from an inbox.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  if (!getEnv().devOutbox) throw new Response("Not found", { status: 404 });
  const email = await foundOr404(params.id, (id) => showOutboxEmail(getDb(), id));
  const base = `<base target="_top">`;
  const html = /<head[^>]*>/i.test(email.html) ? email.html.replace(/<head([^>]*)>/i, `<head$1>${base}`) : base + email.html;
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}
