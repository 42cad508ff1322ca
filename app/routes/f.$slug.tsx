import { randomUUID } from "node:crypto";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DonateForm } from "~/components/donate-form";
import { MatchSummary } from "~/components/match-summary";
import { ShareLinks } from "~/components/share-links";
import { SupportersWall } from "~/components/supporters-wall";
import { FundraiserProgress } from "~/components/fundraiser-progress";
import { getDb } from "~/modules/db/index.server";
import { donate } from "~/modules/donations/donate.server";
import { wallPageFrom } from "~/modules/donations/wall";
import { loadFundraiserPage } from "~/modules/fundraisers/page.server";
import { findPublicFundraiser } from "~/modules/fundraisers/public.server";
import { isFundraiserLive } from "~/modules/fundraisers/fundraisers.server";
import { organizationToday } from "~/modules/organization/clock.server";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { errorPageMeta, rootData } from "~/modules/i18n/error-meta";
import { formatDate } from "~/modules/dates/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { stripeConfigured } from "~/modules/payments/stripe.server";
import { readForm } from "~/modules/forms/read-form.server";

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadFundraiserPage(getDb(), params.slug ?? "", await getLanguage(request), wallPageFrom(request.url));
  if (!page) throw new Response("Not found", { status: 404 });
  return data({ ...page, givingOpen: page.figures.givingOpen && stripeConfigured(), submissionKey: randomUUID() }, { headers: await publicPageHeaders(request) });
}

/** The donate form on a host's page: the gift goes to the campaign's pool, attributed to this page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb();
  const found = await findPublicFundraiser(db, params.slug ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const formData = await readForm(request);
  const language = await getLanguage(request);
  if (!isFundraiserLive(found.fundraiser, await organizationToday(db)))
    return data({ status: "error" as const, initialValue: null, error: { "": ["fundraiser.closed"] } }, { status: 400 });
  const outcome = await donate(db, {
    formData,
    campaign: found.campaign,
    fundraiserId: found.fundraiser.id,
    language,
    ip: context.clientIp,
    returnPath: `/f/${found.fundraiser.slug}`,
  });
  if (outcome.kind === "checkout") return redirect(outcome.url, 303);
  return data(outcome.reply, { status: outcome.status });
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) => {
  if (error || !data) return errorPageMeta(error, rootData(matches));
  const title = `${data.fundraiser.title} · ${data.fundraiser.businessName}`;
  const description = data.fundraiser.story.text.slice(0, 200) || data.campaign.title;
  const image = data.fundraiser.logoImageId ? [{ property: "og:image", content: `${new URL(data.url).origin}/images/${data.fundraiser.logoImageId}` }] : [];
  return [
    { title },
    { name: "description", content: description },
    { property: "og:type", content: "website" },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:url", content: data.url },
    ...image,
    { name: "twitter:card", content: "summary" },
    { name: "twitter:title", content: title },
    { name: "twitter:description", content: description },
    { tagName: "link", rel: "canonical", href: data.url },
  ];
};

export default function FundraiserPage() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const { fundraiser: f, figures, language } = data;
  return (
    <article>
      <p className="eyebrow">
        {t("fundraiser.hostedBy", { business: f.businessName })} · <Link to={`/campaigns/${data.campaign.slug}`}>{data.campaign.title}</Link>
      </p>
      <h1>{f.title}</h1>
      {data.givingOpen && data.presets.length ? (
        <p className="jump-to-give">
          <a className="button" href="#give">
            {t("donate.jump")}
          </a>
        </p>
      ) : null}
      {f.status === "ended" ? (
        <p className="flash" role="status">
          {t("fundraiser.ended")}
        </p>
      ) : null}
      <div className="two-col">
        <div>
          {f.logoImageId ? <img src={`/images/${f.logoImageId}`} alt={t("fundraiser.logoAlt", { business: f.businessName })} className="host-logo" height={96} /> : null}
          <div className="story" lang={f.story.lang === language ? undefined : f.story.lang}>
            {f.story.text}
          </div>
          <p>{t("fundraiser.dates", { from: formatDate(f.startsOn, language), to: formatDate(f.endsOn, language) })}</p>
          {f.eventOn || f.eventPlace ? (
            <section aria-labelledby="event-heading">
              <h2 id="event-heading">{t("fundraiser.event")}</h2>
              <p>
                {f.eventOn ? formatDate(f.eventOn, language) : null}
                {f.eventOn && f.eventPlace ? " · " : null}
                {f.eventPlace}
              </p>
            </section>
          ) : null}
          {data.wall ? <SupportersWall wall={data.wall} path={`/f/${f.slug}`} title={t("wall.heading")} empty={t("wall.emptyFundraiser")} /> : null}
          <ShareLinks url={data.url} title={f.title} />
        </div>
        <aside aria-labelledby="progress-heading">
          <h2 id="progress-heading">{t("campaign.progress")}</h2>
          <FundraiserProgress raisedCents={figures.raisedCents} goalFees={figures.goalFees} feeCents={figures.feeCents} language={language} />
          <MatchSummary match={figures.match} businessName={f.businessName} language={language} />
          <h2 id="give">{t("donate.heading")}</h2>
          {data.givingOpen && data.presets.length ? (
            <DonateForm
              submissionKey={data.submissionKey}
              // Without JavaScript, a refused form comes back scrolled to its errors, not to the top.
              action={`/f/${f.slug}#give`}
              presets={data.presets} bounds={data.giftBounds} cardRate={data.cardRate} bank={data.bank} lastResult={lastResult as never} language={language} withHostConsent businessName={f.businessName} />
          ) : (
            <p>{t(f.status === "ended" ? "fundraiser.ended" : "fundraiser.notOpen")}</p>
          )}
          <p className="hint">{t("fundraiser.poolNote")}</p>
        </aside>
      </div>
    </article>
  );
}
