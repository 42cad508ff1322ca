import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Thermometer } from "~/components/thermometer";
import { listPublicCampaignCards } from "~/modules/campaigns/public.server";
import { getDb } from "~/modules/db/index.server";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const [language, t] = await Promise.all([getLanguage(request), getT(request)]);
  const campaigns = await listPublicCampaignCards(getDb(), language);
  return data(
    { language, campaigns, title: t("home.metaTitle") },
    { headers: await publicPageHeaders(request) },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }];

export default function Home() {
  const { campaigns, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <h2>{t("home.liveCampaigns")}</h2>
      {campaigns.length === 0 ? (
        <p>{t("home.noCampaigns")}</p>
      ) : (
        <ul className="cards">
          {campaigns.map((c) => (
            <li key={c.slug} className="card">
              <h3>
                <Link to={`/campaigns/${c.slug}`}>{c.title}</Link>
              </h3>
              {c.summary ? <p>{c.summary}</p> : null}
              <Thermometer
                feesFunded={c.totals.feesFunded}
                goalFees={c.goalFees}
                raisedCents={c.totals.raisedCents}
                feeCents={c.feeCents}
                language={language}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
