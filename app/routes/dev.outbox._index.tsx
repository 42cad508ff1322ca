import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getEnv } from "~/modules/config/env.server";
import { isoInZone } from "~/modules/dates/dates";
import { getDb } from "~/modules/db/index.server";
import { listOutbox } from "~/modules/email/dev-outbox.server";
import { getOrganization } from "~/modules/organization/organization.server";

export const meta: MetaFunction = () => [{ title: "Outbox (development) · Fondo" }];

/** Development only: the emails Fondo would have sent. 404 in production or with a Resend key (the emails hold sign-in links). */
export async function loader(_args: LoaderFunctionArgs) {
  if (!getEnv().devOutbox) throw new Response("Not found", { status: 404 });
  const db = getDb();
  return data({ emails: await listOutbox(db), timezone: (await getOrganization(db)).timezone });
}

export default function DevOutbox() {
  const { emails, timezone } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 lang="en">Outbox (development)</h1>
      <p lang="en">Emails stay here when no Resend key is set. Newest first.</p>
      <table lang="en">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">To</th>
            <th scope="col">Subject</th>
            <th scope="col">Template</th>
            <th scope="col">Language</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {emails.map((e) => (
            <tr key={e.id}>
              <td>
                <Link to={`/dev/outbox/${e.id}`}>{isoInZone(e.createdAt, timezone).replace("T", " ").slice(0, 19)}</Link>
              </td>
              <td>{e.toAddress}</td>
              <td>{e.subject}</td>
              <td>{e.template}</td>
              <td>{e.locale}</td>
              <td>{e.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
