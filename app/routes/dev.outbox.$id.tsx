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
  return data({ email }, { headers: { "Cache-Control": "no-store" } });
}

/** Shows the plain-text rendering: links are real links, and no email HTML runs in our page. */
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
      <div className="outbox-body story" data-testid="email-body">
        {parts.map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : <span key={i}>{part}</span>))}
      </div>
    </>
  );
}
