import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { consumeCaseLink } from "~/modules/applicants/case-links.server";
import { startCaseSession } from "~/modules/applicants/case-session.server";
import { CASE_LINK_TTL_HOURS } from "~/modules/applicants/policy";
import { getDb } from "~/modules/db/index.server";
import { getT } from "~/modules/i18n/i18n.server";

/** The emailed link only shows a button, so mail scanners that fetch links cannot spend it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  return data({ token: params.token ?? "", title: t("case.openTitle") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const feeRequestId = /^[a-z2-7]{16,64}$/.test(token) ? await consumeCaseLink(getDb(), token) : null;
  if (!feeRequestId) return data({ invalid: true }, { status: 400 });
  return redirect("/case", { status: 303, headers: { "Set-Cookie": await startCaseSession(feeRequestId) } });
}

export default function OpenCase() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("case.openTitle")}</h1>
      {actionData?.invalid || !token ? (
        <div role="alert" className="flash flash-error">
          <p>{t("case.linkInvalid", { hours: CASE_LINK_TTL_HOURS })}</p>
          <p>
            <Link to="/case/resend">{t("case.requestNew")}</Link>
          </p>
        </div>
      ) : (
        <Form method="post">
          <p>{t("case.openIntro")}</p>
          <button type="submit" className="button">
            {t("case.openButton")}
          </button>
        </Form>
      )}
    </>
  );
}
