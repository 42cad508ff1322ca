import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/modules/db/index.server";
import { consumeDonorLink } from "~/modules/donors/links.server";
import { startDonorSession } from "~/modules/donors/session.server";
import { getT } from "~/modules/i18n/i18n.server";

/** The emailed link only shows a button, so mail scanners that fetch links cannot spend it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  return data({ token: params.token ?? "", title: t("donorPage.openTitle") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

export async function action({ params }: ActionFunctionArgs) {
  const email = await consumeDonorLink(getDb(), params.token ?? "");
  if (!email) return data({ invalid: true }, { status: 400 });
  return redirect("/donor", { status: 303, headers: { "Set-Cookie": await startDonorSession(email) } });
}

export default function OpenDonorPage() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("donorPage.openTitle")}</h1>
      {actionData?.invalid || !token ? (
        <div role="alert" className="flash flash-error">
          <p>{t("donorPage.linkInvalid")}</p>
          <p>
            <Link to="/donor">{t("donorPage.requestNew")}</Link>
          </p>
        </div>
      ) : (
        <Form method="post">
          <p>{t("donorPage.openIntro")}</p>
          <button type="submit" className="button">
            {t("donorPage.openButton")}
          </button>
        </Form>
      )}
    </>
  );
}
