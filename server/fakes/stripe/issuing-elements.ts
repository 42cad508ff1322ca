import type { IncomingMessage, ServerResponse } from "node:http";
import { revealWithKey } from "./issuing";
import type { World } from "./world";

/**
 * A demo stand-in for Stripe's Issuing Elements frame, served by the app at
 * `/demo-issuing-elements?key=<ephemeral key secret>` (demo mode only) and framed by the case's
 * staff page alone. Like the real frame, it shows the number only for a live ephemeral key of that
 * card; unlike it, it says plainly that it is a demo and the number is a test one.
 */
export const issuingElementsPath = "/demo-issuing-elements";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function serveIssuingElements(world: World, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake.invalid");
  const found = req.method === "GET" ? revealWithKey(world, url.searchParams.get("key") ?? "") : null;
  const number = found ? found.number.replace(/(\d{4})(?=\d)/g, "$1 ") : null;
  const body = found
    ? `<p><strong>DEMO</strong> · Stand-in for Stripe Issuing Elements · test card, not a real card</p><p><span>Number</span> <output>${escape(number!)}</output></p><p><span>Expires</span> <output>${String(found.card.exp_month).padStart(2, "0")}/${found.card.exp_year}</output> <span>CVC</span> <output>${escape(found.cvc)}</output></p>`
    : `<p><strong>DEMO</strong> · This reveal has expired. Ask again from the case page.</p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Demo card number</title></head><body>${body}</body></html>`;
  res
    .writeHead(found ? 200 : 404, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(html) })
    .end(html);
}
