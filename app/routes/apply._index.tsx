import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/modules/campaigns/public.server";
import { listLiveCampaigns } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { publicPageHeaders } from "~/modules/http/cache.server";
import type { HeadersFunction } from "@remix-run/node";

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const rows = await listLiveCampaigns(getDb());
  return data(
    {
      title: (await getT(request))("apply.pickTitle"),
      campaigns: rows.map(({ campaign }) => ({ slug: campaign.slug, ...localized(campaign, language) })),
    },
    { headers: await publicPageHeaders(request) },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }];

/** Pick the fund to ask for help from; each leads to its eligibility page and form. */
export default function ApplyIndex() {
  const { campaigns } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("apply.pickTitle")}</h1>
      <p className="lead">{t("apply.pickLead")}</p>
      <h2>{t("apply.whoTitle")}</h2>
      <p>{t("apply.who")}</p>
      <p>{t("apply.askNever")}</p>
      <h2>{t("apply.pickHeading")}</h2>
      {campaigns.length ? (
        <ul className="stack">
          {campaigns.map((c) => (
            <li key={c.slug}>
              <h3>{c.title}</h3>
              {c.summary ? <p>{c.summary}</p> : null}
              <p>
                <Link to={`/campaigns/${c.slug}/apply`}>{t("apply.pickLink", { campaign: c.title })}</Link>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("apply.pickNone")}</p>
      )}
      <p>
        <Link to="/case/resend">{t("apply.alreadyApplied")}</Link>
      </p>
    </>
  );
}
