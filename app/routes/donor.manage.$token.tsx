import { data, redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/modules/db/index.server";
import { giftEmail, monthlyGift, openCustomerPortal, verifyManageToken } from "~/modules/donations/manage.server";
import { startDonorSession } from "~/modules/donors/session.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { readForm } from "~/modules/forms/read-form.server";
import { publicUrl } from "~/modules/http/public-url.server";
import { isStripeError } from "~/modules/payments/stripe-errors.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  const donationId = verifyManageToken(params.token ?? "");
  const gift = donationId ? await monthlyGift(getDb(), donationId) : null;
  return data(
    {
      valid: donationId !== null,
      gift,
      language: await getLanguage(request),
      title: t("donorManage.title"),
    },
    { status: donationId ? 200 : 400 },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/** Opens Stripe's customer portal; the link only shows a button so mail scanners cannot use it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const donationId = verifyManageToken(params.token ?? "");
  if (!donationId) return data({ valid: false }, { status: 400 });
  if ((await readForm(request)).get("intent") === "donor-page") {
    // The signed link names one gift: it opens the donor page of that gift's address.
    const email = await giftEmail(getDb(), donationId);
    if (!email) return data({ valid: false }, { status: 400 });
    return redirect("/donor", { status: 303, headers: { "Set-Cookie": await startDonorSession(email) } });
  }
  // Back to this page from the portal, where the gift's status shows what the donor changed.
  const returnUrl = `${publicUrl()}/donor/manage/${params.token}`;
  let url: string | null;
  try {
    url = await openCustomerPortal(getDb(), { donationId, returnUrl, locale: await getLanguage(request) });
  } catch (error) {
    // Stripe no longer knows the customer, or did not answer: say so here, as the donor page does.
    if (!isStripeError(error)) throw error;
    console.warn(`donor manage link: portal failed: ${error.type}`);
    return redirectWithFlash(`/donor/manage/${params.token}`, { kind: "error", key: "donorPage.failed" }, { status: 303 });
  }
  if (!url) return data({ valid: false }, { status: 400 });
  // A whole-page visit, also when the portal is on this origin (the demo's): it is not a Remix route.
  return redirectDocument(url, 303);
}

const statusKey = {
  active: "donorManage.statusActive",
  past_due: "donorManage.statusPastDue",
  canceled: "donorManage.statusCanceled",
} as const;

export default function DonorManageLink() {
  const { valid, gift, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("donorManage.title")}</h1>
      {gift?.status ? (
        <p role="status">
          {t(statusKey[gift.status], {
            amount: formatMoney(gift.cents, language),
          })}
        </p>
      ) : null}
      {valid ? (
        <Form method="post">
          <p>{t("donorPage.manageLead")}</p>
          <button type="submit" name="intent" value="donor-page" className="button">
            {t("donorPage.openButton")}
          </button>
        </Form>
      ) : null}
      {valid && gift?.status !== "canceled" ? (
        <Form method="post">
          <p>{t("donorManage.portalIntro")}</p>
          <button type="submit" className="button secondary">
            {t("donorManage.openPortal")}
          </button>
        </Form>
      ) : null}
      {valid ? null : (
        <div role="alert" className="flash flash-error">
          <p>{t("donorManage.invalid")}</p>
          <p>
            <Link to="/donor/manage">{t("donorManage.requestNew")}</Link>
          </p>
        </div>
      )}
    </>
  );
}
