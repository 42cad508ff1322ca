import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import type { World } from "./world";

/**
 * A demo stand-in for Stripe's customer portal, served by the app at `/demo-portal/<session id>`
 * (demo mode only), so it opens from whatever address the demo was opened at. It lists the
 * customer's monthly gifts and cancels one at once, as a portal configured for immediate
 * cancellation does: `customer.subscription.deleted`, signed and delivered like every event.
 */
export const portalPath = "/demo-portal";

const text = {
  en: {
    title: "Demo customer portal",
    label: "Demo only: this page stands in for Stripe's customer portal. No card is charged and no real money moves.",
    monthly: (amount: string) => `${amount} every month`,
    active: "Active",
    canceled: "Cancelled",
    cancel: "Cancel this monthly gift",
    none: "There is no monthly gift on this account.",
    back: "Return to the site",
    gone: "This portal link is not valid. Open it again from your emailed link.",
  },
  es: {
    title: "Portal de cliente de demostración",
    label: "Solo demostración: esta página sustituye al portal de cliente de Stripe. No se cobra ninguna tarjeta ni se mueve dinero real.",
    monthly: (amount: string) => `${amount} cada mes`,
    active: "Activa",
    canceled: "Cancelada",
    cancel: "Cancelar esta donación mensual",
    none: "No hay ninguna donación mensual en esta cuenta.",
    back: "Volver al sitio",
    gone: "Este enlace al portal no es válido. Ábralo de nuevo desde el enlace de su correo.",
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Handles GET (the page) and POST (cancel) under {@link portalPath}; anything else is 404. */
export async function servePortal(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://portal.invalid");
  if (url.pathname === `${portalPath}/portal.css`) {
    res
      .writeHead(200, {
        "Content-Type": "text/css; charset=utf-8",
        "Cache-Control": "no-store",
      })
      .end(portalCss);
    return;
  }
  const match = /^\/(bps_[A-Za-z0-9]+)$/.exec(url.pathname.replace(portalPath, ""));
  const session = match ? world.store.portalSessions.get(match[1]!) : undefined;
  const t = text[session?.locale === "es" ? "es" : "en"];
  if (!session) return send(res, 404, page(t, `<p role="alert">${escape(t.gone)}</p>`, "en"));
  const subscriptions = [...world.store.subscriptions.values()].filter((s) => s.customer === session.customer);

  if (req.method === "POST") {
    const form = new URLSearchParams(await readBody(req));
    const chosen = subscriptions.find((s) => s.id === form.get("subscription") && s.status !== "canceled");
    if (chosen) {
      world.cancelSubscription(chosen.id);
      // The app has its webhook before the donor is sent back to it.
      await world.webhooks.idle();
    }
    res
      .writeHead(303, {
        Location: `${portalPath}/${session.id}`,
        "Cache-Control": "no-store",
      })
      .end();
    return;
  }
  if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "");

  const language = session.locale === "es" ? "es" : "en";
  const rows = subscriptions.map((s) => row(t, s, language, session.id)).join("");
  const back = session.return_url ? `<p><a href="${escape(session.return_url)}">${escape(t.back)}</a></p>` : "";
  send(res, 200, page(t, `${rows || `<p>${escape(t.none)}</p>`}${back}`, language));
}

function row(t: (typeof text)["en"], s: Stripe.Subscription, language: "en" | "es", sessionId: string): string {
  const price = s.items.data[0]?.price;
  const amount = new Intl.NumberFormat(language === "es" ? "es-US" : "en-US", {
    style: "currency",
    currency: (price?.currency ?? "usd").toUpperCase(),
  }).format((price?.unit_amount ?? 0) / 100);
  const canceled = s.status === "canceled";
  const action = canceled
    ? ""
    : `<form method="post" action="${portalPath}/${sessionId}"><input type="hidden" name="subscription" value="${escape(s.id)}"><button type="submit">${escape(t.cancel)}</button></form>`;
  return `<section><h2>${escape(t.monthly(amount))}</h2><p>${escape(canceled ? t.canceled : t.active)}</p>${action}</section>`;
}

function page(t: (typeof text)["en"], body: string, language: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="same-origin"><title>${escape(t.title)}</title><link rel="stylesheet" href="${portalPath}/portal.css"></head><body><main><p class="demo-label" role="note">${escape(t.label)}</p><h1>${escape(t.title)}</h1>${body}</main></body></html>`;
}

/** Plain, readable, and obviously not Fondo's own pages. */
export const portalCss = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36}main{max-width:36rem;margin:0 auto;padding:1.5rem}.demo-label{background:#fff3cd;border:2px dashed #b58100;padding:.75rem;font-weight:600}section{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:1rem;margin:1rem 0}h2{margin:0 0 .25rem;font-size:1.15rem}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #a4282b;background:#fff;color:#a4282b;cursor:pointer}a{color:#635bff}`;

function send(res: ServerResponse, status: number, html: string) {
  res
    .writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
    })
    .end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) break;
  }
  return body;
}
