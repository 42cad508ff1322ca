import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { errorPageMeta, rootData } from "~/modules/i18n/error-meta";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DonateForm } from "~/components/donate-form";
import { bankOption, cardRate, donate, giftBounds } from "~/modules/donations/donate.server";
import { stripeConfigured } from "~/modules/payments/stripe.server";
import { presetAmounts } from "~/modules/donations/pricing";
import { useTranslation } from "react-i18next";
import { Thermometer } from "~/components/thermometer";
import { findPublicCampaign, isLive } from "~/modules/campaigns/campaigns.server";
import { localized, publicFigures } from "~/modules/campaigns/public.server";
import { nextNeed, publicNeedAhead } from "~/modules/campaigns/need-ahead.server";
import { getDb } from "~/modules/db/index.server";
import { organizationTimeZone, organizationToday } from "~/modules/organization/clock.server";
import { formatDate } from "~/modules/dates/format";
import { formatMoney, formatNumber } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { campaignLeaderboard } from "~/modules/fundraisers/public.server";
import { Leaderboard } from "~/components/leaderboard";
import { SupportersWall } from "~/components/supporters-wall";
import { wallPageFrom } from "~/modules/donations/wall";
import { supportersWall } from "~/modules/donations/wall.server";
import { readForm } from "~/modules/forms/read-form.server";
import { CampaignNews } from "~/components/campaign-news";
import { campaignUpdatesFor } from "~/modules/donors/updates.server";

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const language = await getLanguage(request);
  const today = await organizationToday(db);
  return data(
    {
      language,
      campaign: {
        ...localized(campaign, language),
        slug: campaign.slug,
        status: campaign.status,
        goalFees: campaign.goalFees,
        startsOn: campaign.startsOn,
        endsOn: campaign.endsOn,
        imageId: campaign.imageId,
        feeSource: campaign.feeSource,
      },
      figures: await publicFigures(db, campaign),
      nextNeed: nextNeed(await publicNeedAhead(db, campaign)),
      givingOpen: stripeConfigured() && isLive(campaign, today),
      giftBounds: giftBounds(),
      cardRate: cardRate(),
      bank: bankOption(),
      submissionKey: randomUUID(),
      leaderboard: await campaignLeaderboard(db, campaign.id, 10, today),
      wall: await supportersWall(db, { campaignId: campaign.id }, wallPageFrom(request.url)),
      news: (await campaignUpdatesFor(db, campaign.id, 3)).map((u) => ({ id: u.id, body: language === "es" ? u.bodyEs : u.bodyEn, imageId: u.imageId, createdAt: u.createdAt.toISOString() })),
      timeZone: await organizationTimeZone(db),
    },
    { headers: await publicPageHeaders(request) },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb();
  const campaign = await findPublicCampaign(db, params.slug ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const outcome = await donate(db, {
    formData: await readForm(request),
    campaign,
    language: await getLanguage(request),
    ip: context.clientIp,
    returnPath: `/campaigns/${campaign.slug}`,
  });
  if (outcome.kind === "checkout") return redirect(outcome.url, 303);
  return data(outcome.reply, { status: outcome.status });
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) =>
  error || !data
    ? errorPageMeta(error, rootData(matches))
    : [
        { title: data.campaign.title },
        { name: "description", content: data.campaign.summary || data.campaign.title },
        { property: "og:title", content: data.campaign.title },
      ];

export default function CampaignPage() {
  const { campaign, figures, nextNeed, language, givingOpen, giftBounds, cardRate, bank, leaderboard, wall, submissionKey, news, timeZone } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = (cents: number) => formatMoney(cents, language);
  return (
    <article>
      <h1>{campaign.title}</h1>
      {campaign.summary ? <p className="lead">{campaign.summary}</p> : null}
      {givingOpen && figures.fee_cents ? (
        <p className="jump-to-give">
          <a className="button" href="#give">
            {t("donate.jump")}
          </a>
        </p>
      ) : null}
      {campaign.status === "closed" ? (
        <p className="flash" role="status">
          {t("campaign.closed")}
        </p>
      ) : null}
      <div className="two-col">
        <div>
          {campaign.imageId ? <img src={`/images/${campaign.imageId}`} alt="" className="campaign-image" /> : null}
          <div className="story">{campaign.story}</div>
          {campaign.startsOn || campaign.endsOn ? (
            <p>
              {campaign.startsOn ? t("campaign.starts", { date: formatDate(campaign.startsOn, language) }) : null}{" "}
              {campaign.endsOn ? t("campaign.ends", { date: formatDate(campaign.endsOn, language) }) : null}
            </p>
          ) : null}
          <CampaignNews items={news} language={language} timeZone={timeZone} />
          <Leaderboard entries={leaderboard} language={language} />
          <SupportersWall wall={wall} path={`/campaigns/${campaign.slug}`} title={t("wall.heading")} empty={t("wall.emptyCampaign")} />
        </div>
        <aside aria-labelledby="progress-heading">
          <h2 id="progress-heading">{t("campaign.progress")}</h2>
          <Thermometer
            feesFunded={figures.fees_funded}
            goalFees={campaign.goalFees}
            raisedCents={figures.raised_cents}
            feeCents={figures.fee_cents}
            language={language}
          />
          {figures.fee_cents ? (
            <p>
              {t(campaign.feeSource === "fixed" ? "campaign.feeFixed" : "campaign.feeSchedule", {
                amount: money(figures.fee_cents),
              })}
            </p>
          ) : null}
          <dl className="figures">
            <div>
              <dt>{t("campaign.figures.donations")}</dt>
              <dd>{formatNumber(figures.donations_count, language)}</dd>
            </div>
            <div>
              <dt>{t("campaign.figures.available")}</dt>
              <dd>{money(figures.pool_available_cents)}</dd>
            </div>
            <div>
              <dt>{t("campaign.figures.paid")}</dt>
              <dd>{formatNumber(figures.fees_paid, language)}</dd>
            </div>
            <div>
              <dt>{t("campaign.figures.waiting")}</dt>
              <dd>{formatNumber(figures.requests_waiting, language)}</dd>
            </div>
          </dl>
          {nextNeed?.needed_cents ? (
            <p>{t("needAhead.next", { amount: money(nextNeed.needed_cents), date: formatDate(nextNeed.needed_by, language) })}</p>
          ) : null}
          <p>
            <Link to={`/campaigns/${campaign.slug}/transparency`}>{t("campaign.moneyTrail")}</Link>
          </p>
          <h2 id="give">{t("donate.heading")}</h2>
          {givingOpen && figures.fee_cents ? (
            <DonateForm
              // Without JavaScript, a refused form comes back scrolled to its errors, not to the top.
              action={`/campaigns/${campaign.slug}?index#give`}
              presets={presetAmounts(figures.fee_cents)} bounds={giftBounds} submissionKey={submissionKey} cardRate={cardRate} bank={bank} lastResult={lastResult} language={language} />
          ) : (
            <p>{t("donate.closedNote")}</p>
          )}
        </aside>
      </div>
    </article>
  );
}
