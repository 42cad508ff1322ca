import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getDb } from "~/modules/db/index.server";
import { donationStatusForSession } from "~/modules/donations/status.server";
import { getT } from "~/modules/i18n/i18n.server";

/** After Checkout. Shows status only; it never records a donation (webhooks do). */
export async function loader({ request }: LoaderFunctionArgs) {
  const sessionId = z.string().regex(/^cs_[A-Za-z0-9_]+$/).safeParse(new URL(request.url).searchParams.get("session_id"));
  const found = sessionId.success ? await donationStatusForSession(getDb(), sessionId.data) : null;
  const t = await getT(request);
  const state = !found ? "unknown" : found.status === "pending" ? "processing" : found.status === "failed" ? "unknown" : "paid";
  return json({ state, slug: found?.slug ?? null, title: t("donate.thanks.title") }, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }];

export default function Thanks() {
  const { state, slug } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("donate.thanks.title")}</h1>
      <p role="status">{t(`donate.thanks.${state}`)}</p>
      {slug ? (
        <p>
          <Link to={`/campaigns/${slug}`}>{t("donate.thanks.back")}</Link>
        </p>
      ) : null}
    </>
  );
}
