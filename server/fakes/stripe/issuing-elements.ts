import type { IncomingMessage, ServerResponse } from "node:http";
import { authorize, capture, revealWithKey } from "./issuing";
import type { World } from "./world";

/**
 * A demo stand-in for Stripe's Issuing Elements frame, served by the app at
 * `/demo-issuing-elements?key=<ephemeral key secret>` (demo mode only) and framed by the case's
 * staff page alone. Like the real frame, it shows the number only for a live ephemeral key of that
 * card; unlike it, it says plainly that it is a demo and the number is a test one.
 */
export const issuingElementsPath = "/demo-issuing-elements";

const text = {
  en: {
    label: "Stand-in for Stripe Issuing Elements · test card, not a real card",
    number: "Number",
    expires: "Expires",
    expired: "This reveal has expired. Ask again from the case page.",
    amount: "Demo: amount USCIS charges (dollars)",
    pay: "Pay USCIS with this card (demo)",
    typeAmount: "Type the amount USCIS charges, in dollars.",
    paid: (a: string) => `USCIS charged ${a}: approved and paid.`,
    declined: (a: string) => `USCIS tried ${a}: declined.`,
  },
  es: {
    label: "Sustituto de Stripe Issuing Elements · tarjeta de prueba, no es una tarjeta real",
    number: "Número",
    expires: "Vence",
    expired: "Esta consulta venció. Pídala de nuevo desde la página del caso.",
    amount: "Demostración: monto que cobra USCIS (dólares)",
    pay: "Pagar a USCIS con esta tarjeta (demostración)",
    typeAmount: "Escriba el monto que cobra USCIS, en dólares.",
    paid: (a: string) => `USCIS cobró ${a}: aprobado y pagado.`,
    declined: (a: string) => `USCIS intentó cobrar ${a}: rechazado.`,
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Dollars as typed ("85", "470.00") to cents, or null. */
function cents(text: string): number | null {
  const match = /^\s*(\d{1,6})(?:\.(\d{2}))?\s*$/.exec(text);
  return match ? Number(match[1]) * 100 + Number(match[2] ?? 0) : null;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * GET: the number. POST `/pay`: the demo plays USCIS charging the card (an authorization the app
 * answers, then its capture), so the demo shows a case paid by its card end to end.
 */
export async function serveIssuingElements(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake.invalid");
  const paying = req.method === "POST" && url.pathname === `${issuingElementsPath}/pay`;
  const form = paying ? await readForm(req) : null;
  const key = (form ? form.get("key") : url.searchParams.get("key")) ?? "";
  const lang = ((form ? form.get("lang") : url.searchParams.get("lang")) === "es" ? "es" : "en") as keyof typeof text;
  const t = text[lang];
  const found = req.method === "GET" || paying ? revealWithKey(world, key) : null;
  let outcome = "";
  if (found && form) {
    const amount = cents(form.get("amount") ?? "");
    if (amount === null || amount === 0) outcome = t.typeAmount;
    else {
      const result = await authorize(world, found.card.id, { amount, merchantName: "USCIS (demo)" });
      if (result.approved) await capture(world, result.authorizationId);
      const dollars = `$${(amount / 100).toFixed(2)}`;
      outcome = result.approved ? t.paid(dollars) : t.declined(dollars);
    }
  }
  const number = found ? found.number.replace(/(\d{4})(?=\d)/g, "$1 ") : null;
  const body = found
    ? `<p><strong>DEMO</strong> · ${escape(t.label)}</p><p><span>${t.number}</span> <output>${escape(number!)}</output></p><p><span>${t.expires}</span> <output>${String(found.card.exp_month).padStart(2, "0")}/${found.card.exp_year}</output> <span>CVC</span> <output>${escape(found.cvc)}</output></p>` +
      (outcome ? `<p role="status">${escape(outcome)}</p>` : "") +
      `<form method="post" action="${issuingElementsPath}/pay"><input type="hidden" name="key" value="${escape(key)}"><input type="hidden" name="lang" value="${lang}"><label for="amount">${escape(t.amount)}</label> <input id="amount" name="amount" inputmode="decimal" autocomplete="off"> <button type="submit">${escape(t.pay)}</button></form>`
    : `<p><strong>DEMO</strong> · ${escape(t.expired)}</p>`;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="referrer" content="same-origin"><title>DEMO</title></head><body><main>${body}</main></body></html>`;
  res
    .writeHead(found ? 200 : 404, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(html) })
    .end(html);
}
