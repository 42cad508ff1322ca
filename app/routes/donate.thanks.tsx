import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ShareLinks } from "~/components/share-links";
import { getDb } from "~/modules/db/index.server";
import { donationStatusForSession } from "~/modules/donations/status.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { publicUrl } from "~/modules/http/public-url.server";
import { latestCampaignFigures } from "~/modules/donors/figures.server";
import { organizationTimeZone } from "~/modules/organization/clock.server";
import { monthName } from "~/modules/donors/month-name";

/** After Checkout. Shows status and the gift only; it never records a donation (webhooks do). */
export async function loader({ request }: LoaderFunctionArgs) {
  const sessionId = z.string().regex(/^cs_[A-Za-z0-9_]+$/).safeParse(new URL(request.url).searchParams.get("session_id"));
  const language = await getLanguage(request);
  const found = sessionId.success ? await donationStatusForSession(getDb(), sessionId.data, language, publicUrl()) : null;
  const t = await getT(request);
  const state = !found || found.status === "failed" ? "unknown" : found.status === "pending" ? "processing" : "paid";
  // The campaign's latest figure from the ledger (the one the monthly impact email gives): counts only.
  const figure = found && state !== "unknown" ? (await latestCampaignFigures(getDb(), [found.campaign.id], await organizationTimeZone(getDb()))).get(found.campaign.id)! : null;
  return data({ state, gift: state === "unknown" ? null : found, figure, language, title: t("donate.thanks.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "robots", content: "noindex" }];

export default function Thanks() {
  const { state, gift, figure, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, language);
  const name = gift?.fundraiser ? t("donate.thanks.fundraiserName", { title: gift.fundraiser.title, business: gift.fundraiser.businessName }) : gift?.campaign.title;
  const shared = gift?.fundraiser ?? gift?.campaign;
  return (
    <article className="thanks">
      <h1>{t("donate.thanks.title")}</h1>
      <p role="status">{gift?.awaitingFunds ? t("bankGifts.thanksPending") : t(`donate.thanks.${state}`)}</p>
      {gift ? (
        <>
          <p className="lead">{t(gift.monthly ? "donate.thanks.summaryMonthly" : "donate.thanks.summaryOnce", { amount: money(gift.amountCents), name })}</p>
          {gift.tribute ? <p>{t(gift.tribute.kind === "memory" ? "tribute.thanksMemory" : "tribute.thanksHonor", { name: gift.tribute.name })}</p> : null}
          {gift.feeCoverCents > 0 ? <p>{t("donate.thanks.cover", { amount: money(gift.feeCoverCents) })}</p> : null}
          {gift.monthly ? <p>{t("donate.thanks.monthlyManage")}</p> : null}
          {figure && figure.renewals > 0 ? <p>{t("donorEmail.thanksFigure", { count: figure.renewals, month: monthName(figure.month, language) })}</p> : null}
          <ShareLinks url={shared!.url} title={gift.fundraiser?.title ?? gift.campaign.title} heading={t("donate.thanks.share")} />
          <p className="actions">
            {gift.fundraiser ? (
              <Link to={`/f/${gift.fundraiser.slug}`}>{t("donate.thanks.backToFundraiser", { business: gift.fundraiser.businessName })}</Link>
            ) : null}
            <Link to={`/campaigns/${gift.campaign.slug}`}>{t("donate.thanks.back")}</Link>
          </p>
        </>
      ) : null}
    </article>
  );
}
