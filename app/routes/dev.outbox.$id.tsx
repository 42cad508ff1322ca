import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/modules/config/env.server";
import { getDb } from "~/modules/db/index.server";
import { showOutboxEmail } from "~/modules/email/dev-outbox.server";
import { foundOr404 } from "~/modules/http/found.server";

export const meta: MetaFunction = () => [{ title: "Email (development) · Fondo" }];

export async function loader({ params }: LoaderFunctionArgs) {
  if (!getEnv().devOutbox) throw new Response("Not found", { status: 404 });
  const email = await foundOr404(params.id, (id) => showOutboxEmail(getDb(), id));
  return data({ email: { id: email.id, subject: email.subject, toAddress: email.toAddress, text: email.text } });
}

/**
 * The email as rendered, in a sandboxed frame (no scripts, its own origin, its own strict CSP:
 * server/security.ts), and its plain-text version, whose links are real links.
 */
export default function DevOutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  const parts = email.text.split(/(https?:\/\/[^\s\]]+)/g);
  return (
    <>
      <p lang="en">
        <Link to="/dev/outbox">← Outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <p lang="en">To: {email.toAddress}</p>
      <iframe
        className="outbox-frame"
        title="Email as rendered"
        src={`/dev/outbox/${email.id}/html`}
        sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
        data-testid="email-html"
      />
      <h2 lang="en">Plain text</h2>
      <div className="outbox-body story" data-testid="email-body">
        {parts.map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : <span key={i}>{part}</span>))}
      </div>
    </>
  );
}
