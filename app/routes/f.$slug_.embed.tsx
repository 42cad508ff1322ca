import { randomUUID } from "node:crypto";
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DonateForm } from "~/components/donate-form";
import { MatchSummary } from "~/components/match-summary";
import { FundraiserProgress } from "~/components/fundraiser-progress";
import { getDb } from "~/modules/db/index.server";
import { loadFundraiserPage } from "~/modules/fundraisers/page.server";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { stripeConfigured } from "~/modules/payments/stripe.server";

/** Framed on the business's own website (server/security.ts allows framing for this path only). */
export const handle = { bare: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await loadFundraiserPage(getDb(), params.slug ?? "", await getLanguage(request), null);
  if (!page) throw new Response("Not found", { status: 404 });
  return data(
    { ...page, givingOpen: page.figures.givingOpen && stripeConfigured(), submissionKey: randomUUID() },
    { headers: await publicPageHeaders(request) },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.fundraiser.title} · ${data.fundraiser.businessName}` : "Fondo" }];

export default function FundraiserWidget() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { fundraiser: f, figures, language } = data;
  return (
    <div className="widget">
      <h1>{f.title}</h1>
      <p>{t("fundraiser.hostedBy", { business: f.businessName })}</p>
      <FundraiserProgress raisedCents={figures.raisedCents} goalFees={figures.goalFees} feeCents={figures.feeCents} language={language} />
      <MatchSummary match={figures.match} businessName={f.businessName} language={language} />
      {data.givingOpen && data.presets.length ? (
        <DonateForm submissionKey={data.submissionKey} presets={data.presets} bounds={data.giftBounds} cardRate={data.cardRate} bank={data.bank} language={language} action={`/f/${f.slug}#give`} target="_top" withHostConsent businessName={f.businessName} />
      ) : (
        <p>{t(f.status === "ended" ? "fundraiser.ended" : "fundraiser.notOpen")}</p>
      )}
      <p>
        <a href={data.url} target="_top">
          {t("fundraiser.openPage")}
        </a>
      </p>
    </div>
  );
}
