import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/modules/db/index.server";
import { organizationToday } from "~/modules/organization/clock.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { requireOwnFundraiser } from "~/modules/fundraisers/load.server";
import { MatchPaymentUnavailableError, matchStatus, startMatchPayment } from "~/modules/fundraisers/match.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { pageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.payMatch", { title: data?.title }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { fundraiser } = await requireOwnFundraiser(request, params.id);
  return data(
    { language: await getLanguage(request), id: fundraiser.id, title: fundraiser.title, match: matchStatus(fundraiser, await organizationToday(getDb())) },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { fundraiser } = await requireOwnFundraiser(request, params.id);
  try {
    return redirect(await startMatchPayment(getDb(), { fundraiser, language: await getLanguage(request) }), 303);
  } catch (error) {
    if (error instanceof MatchPaymentUnavailableError)
      return redirectWithFlash(`/host/fundraisers/${fundraiser.id}`, { kind: "error", key: "host.match.unavailable" });
    throw error;
  }
}

export default function PayMatch() {
  const { id, title, match, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("host.match.title", { title })}</h1>
      {match.due ? (
        <>
          <p>{t("host.match.intro", { amount: formatMoney(match.owedCents, language) })}</p>
          <Form method="post">
            <button type="submit" className="button">
              {t("host.match.pay", { amount: formatMoney(match.owedCents, language) })}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("host.match.nothingDue")}</p>
      )}
      <p>
        <Link to={`/host/fundraisers/${id}`}>{t("host.dashboard.link")}</Link>
      </p>
    </>
  );
}
