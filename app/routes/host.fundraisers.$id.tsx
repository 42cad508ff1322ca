import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GiftsChart } from "~/components/gifts-chart";
import { MatchSummary } from "~/components/match-summary";
import { FundraiserProgress } from "~/components/fundraiser-progress";
import { findCampaignById } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { hostDashboard } from "~/modules/fundraisers/dashboard.server";
import { wallPageFrom } from "~/modules/donations/wall";
import { SupportersWall } from "~/components/supporters-wall";
import { organizationToday } from "~/modules/organization/clock.server";
import { requireOwnFundraiser } from "~/modules/fundraisers/load.server";
import { hasPoster, isFundraiserPublic } from "~/modules/fundraisers/visibility";
import { formatDate } from "~/modules/dates/format";
import { formatMoney, formatNumber } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { pageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.dashboard", { title: data?.fundraiser.title }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fundraiser: f } = await requireOwnFundraiser(request, params.id);
  const campaign = (await findCampaignById(getDb(), f.campaignId))!;
  const language = await getLanguage(request);
  const dashboard = await hostDashboard(getDb(), f, campaign, wallPageFrom(request.url));
  return data(
    {
      language,
      fundraiser: { id: f.id, slug: f.slug, title: f.title, status: f.status, businessName: f.businessName, startsOn: f.startsOn, endsOn: f.endsOn },
      campaignTitle: language === "es" ? campaign.titleEs : campaign.titleEn,
      public: isFundraiserPublic(f, campaign),
      poster: hasPoster(f, campaign, await organizationToday(getDb())),
      ...dashboard,
    },
  );
}

export default function HostDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { fundraiser: f, figures, language } = data;
  const money = (c: number) => formatMoney(c, language);
  return (
    <>
      <h1>{f.title}</h1>
      <p>
        <span className={`badge ${f.status}`}>{t(`fundraiserStatus.${f.status}`)}</span> {data.campaignTitle} ·{" "}
        {formatDate(f.startsOn, language)} – {formatDate(f.endsOn, language)}
      </p>
      <p className="actions">
        <Link className="button secondary" to={`/host/fundraisers/${f.id}/edit`}>
          {t("host.dashboard.edit")}
        </Link>
        {data.public ? (
          <>
            <Link className="button secondary" to={`/f/${f.slug}`}>
              {t("host.dashboard.viewPage")}
            </Link>
            {data.poster ? (
              <>
                <a className="button secondary" href={`/f/${f.slug}/poster`}>
                  {t("host.dashboard.poster")}
                </a>
                <a className="button secondary" href={`/f/${f.slug}/qr.png`} download>
                  {t("host.dashboard.qr")}
                </a>
              </>
            ) : null}
          </>
        ) : null}
      </p>
      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">{t("host.dashboard.totals")}</h2>
        <FundraiserProgress raisedCents={figures.raisedCents} goalFees={figures.goalFees} feeCents={figures.feeCents} language={language} />
        <dl className="figures">
          <div>
            <dt>{t("host.dashboard.raised")}</dt>
            <dd>{money(figures.raisedCents)}</dd>
          </div>
          <div>
            <dt>{t("host.dashboard.gifts")}</dt>
            <dd>{formatNumber(data.giftsCount, language)}</dd>
          </div>
          <div>
            <dt>{t("host.dashboard.renewals")}</dt>
            <dd>{formatNumber(figures.renewalsFunded, language)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="match-heading">
        <h2 id="match-heading">{t("host.dashboard.match")}</h2>
        {figures.match.pledged ? (
          <>
            <MatchSummary match={figures.match} businessName={f.businessName} language={language} />
            <p>{t("host.dashboard.matchPaid", { paid: money(figures.match.paidCents), owed: money(figures.match.owedCents) })}</p>
            {figures.match.due ? (
              <p>
                <Link className="button" to={`/host/fundraisers/${f.id}/pay-match`}>
                  {t("host.match.pay", { amount: money(figures.match.owedCents) })}
                </Link>
              </p>
            ) : figures.match.owedCents > 0 ? (
              <p className="hint">{t("host.dashboard.matchLater", { date: formatDate(figures.match.endsOn, language) })}</p>
            ) : null}
          </>
        ) : (
          <p>{t("host.dashboard.noMatch")}</p>
        )}
      </section>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">{t("host.dashboard.overTime")}</h2>
        {data.series.length ? <GiftsChart points={data.series} language={language} /> : <p>{t("host.dashboard.noGifts")}</p>}
      </section>
      <section aria-labelledby="supporters-heading">
        <h2 id="supporters-heading">{t("host.dashboard.supporters")}</h2>
        <p className="hint">{t("host.dashboard.supportersPrivacy")}</p>
        {data.supporters.length ? (
          <TableScroll label={t("host.dashboard.supporters")}>
            <table>
              <caption className="visually-hidden">{t("host.dashboard.supporters")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("host.dashboard.date")}</th>
                  <th scope="col">{t("host.dashboard.name")}</th>
                  <th scope="col">{t("host.dashboard.email")}</th>
                  <th scope="col">{t("host.dashboard.amount")}</th>
                  <th scope="col">{t("host.dashboard.message")}</th>
                </tr>
              </thead>
              <tbody>
                {data.supporters.map((s, i) => (
                  <tr key={`${s.date}-${i}`}>
                    <td>{formatDate(s.date, language)}</td>
                    <td>{s.name ?? t("host.dashboard.anonymous")}</td>
                    <td>{s.email ?? "—"}</td>
                    <td>{money(s.amountCents)}</td>
                    <td>{s.message ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("host.dashboard.noSupporters")}</p>
        )}
        <SupportersWall
          wall={data.wall}
          path={`/host/fundraisers/${f.id}`}
          heading="h3"
          title={t("host.dashboard.wall")}
          hint={t("host.dashboard.wallHint")}
          empty={t("host.dashboard.noWall")}
        />
        <p>
          <a href={`/host/fundraisers/${f.id}/gifts.csv`} download>
            {t("host.dashboard.csv")}
          </a>
        </p>
      </section>
    </>
  );
}
