import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCaseSession, startCaseSession } from "~/modules/applicants/case-session.server";
import { confirmEmailChange } from "~/modules/applicants/email-change.server";
import { EMAIL_CHANGE_TTL_HOURS } from "~/modules/applicants/policy";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getT } from "~/modules/i18n/i18n.server";

/** Like a case link, the emailed link only shows a button: mail scanners that fetch links cannot spend it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  return data({ token: params.token ?? "", title: t("case.emailConfirmTitle") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/** Opening the link proves the new address is the applicant's: it becomes the case's and opens the case. */
export async function action({ request, params }: ActionFunctionArgs) {
  const open = await getCaseSession(request);
  const result = await confirmEmailChange(getDb(), { token: params.token ?? "", openCaseId: open?.feeRequestId ?? null });
  if (result.kind !== "confirmed") return data({ refused: result.kind }, { status: result.kind === "other_case" ? 409 : 400 });
  const headers = new Headers();
  if (!open) headers.set("Set-Cookie", await startCaseSession(result.feeRequestId));
  return redirectWithFlash(`/case?lng=${result.language}`, { kind: "success", key: "case.emailConfirmed" }, { headers });
}

export default function ConfirmEmail() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("case.emailConfirmTitle")}</h1>
      {actionData?.refused || !token ? (
        <div role="alert" className="flash flash-error">
          <p>{actionData?.refused === "other_case" ? t("case.emailLinkOtherCase") : t("case.emailLinkInvalid", { hours: EMAIL_CHANGE_TTL_HOURS })}</p>
          <p>
            <Link to="/case">{t("case.backToCase")}</Link>
          </p>
        </div>
      ) : (
        <Form method="post">
          <p>{t("case.emailConfirmIntro")}</p>
          <button type="submit" className="button">
            {t("case.emailConfirmButton")}
          </button>
        </Form>
      )}
    </>
  );
}
