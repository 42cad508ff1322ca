import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getEnv } from "~/modules/config/env.server";
import { getDb } from "~/modules/db/index.server";
import { openCustomerPortal, verifyManageToken } from "~/modules/donations/manage.server";
import { getT } from "~/modules/i18n/i18n.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  const valid = verifyManageToken(params.token ?? "") !== null;
  return data({ valid, title: t("donorManage.title") }, { status: valid ? 200 : 400, headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/** Opens Stripe's customer portal; the link only shows a button so mail scanners cannot use it. */
export async function action({ params }: ActionFunctionArgs) {
  const donationId = verifyManageToken(params.token ?? "");
  if (!donationId) return data({ valid: false }, { status: 400 });
  const url = await openCustomerPortal(getDb(), { donationId, returnUrl: `${getEnv().appUrl}/` });
  if (!url) return data({ valid: false }, { status: 400 });
  return redirect(url, 303);
}

export default function DonorManageLink() {
  const { valid } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("donorManage.title")}</h1>
      {valid ? (
        <Form method="post">
          <p>{t("donorManage.portalIntro")}</p>
          <button type="submit" className="button">
            {t("donorManage.openPortal")}
          </button>
        </Form>
      ) : (
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
