import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MoneyChart } from "~/components/money-chart";
import { findPublicCampaign } from "~/modules/campaigns/campaigns.server";
import { localized, publicFigures } from "~/modules/campaigns/public.server";
import { publicNeedAhead } from "~/modules/campaigns/need-ahead.server";
import { NeedAhead } from "~/components/need-ahead";
import { getDb } from "~/modules/db/index.server";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { errorPageMeta, rootData } from "~/modules/i18n/error-meta";
import { formatMoney, formatNumber } from "~/modules/i18n/format";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { transparencySeries } from "~/modules/ledger/reports.server";
import { organizationTimeZone } from "~/modules/organization/clock.server";

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** The public money trail of a campaign: aggregates only, never a person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const [language, t] = await Promise.all([getLanguage(request), getT(request)]);
  return data(
    {
      language,
      title: t("transparency.title", { campaign: localized(campaign, language).title }),
      campaign: { slug: campaign.slug, title: localized(campaign, language).title, goalFees: campaign.goalFees },
      figures: await publicFigures(db, campaign),
      needAhead: await publicNeedAhead(db, campaign),
      series: await transparencySeries(db, campaign.id, await organizationTimeZone(db)),
    },
    { headers: await publicPageHeaders(request) },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) =>
  error || !data ? errorPageMeta(error, rootData(matches)) : [{ title: data.title }];

export default function Transparency() {
  const { campaign, figures, needAhead, series, language, title } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = (cents: number) => formatMoney(cents, language);
  const rows: [string, string][] = [
    [t("transparency.raised"), money(figures.raised_cents)],
    [t("transparency.gifts"), formatNumber(figures.donations_count, language)],
    [t("transparency.fees"), money(figures.processing_fees_cents)],
    [t("transparency.available"), money(figures.pool_available_cents)],
    [t("transparency.allocated"), money(figures.allocated_cents)],
    [t("transparency.paid"), money(figures.disbursed_cents)],
    [t("transparency.reserve"), money(figures.reserve_cents)],
    [t("transparency.feesFunded"), `${formatNumber(figures.fees_funded, language)} / ${formatNumber(campaign.goalFees, language)}`],
    [t("transparency.feesPaid"), formatNumber(figures.fees_paid, language)],
    [t("transparency.waiting"), formatNumber(figures.requests_waiting, language)],
  ];
  return (
    <article>
      <p>
        <Link to={`/campaigns/${campaign.slug}`}>← {campaign.title}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">{t("transparency.lead")}</p>
      <dl className="figures">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <NeedAhead need={needAhead} waiting={figures.requests_waiting} language={language} />
      <h2>{t("transparency.overTime")}</h2>
      {series.length ? <MoneyChart points={series} language={language} /> : <p>{t("transparency.noMoneyYet")}</p>}
      <h2>{t("transparency.howHeading")}</h2>
      <ul>
        <li>{t("transparency.how1")}</li>
        <li>{t("transparency.how2")}</li>
        <li>{t("transparency.how3")}</li>
        <li>{t("transparency.how4")}</li>
      </ul>
      <p>
        <a href={`/api/campaigns/${campaign.slug}`}>{t("transparency.api")}</a>
      </p>
    </article>
  );
}
