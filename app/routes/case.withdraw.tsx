import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { loadCase, withdrawCase } from "~/modules/applicants/case.server";
import { requireCaseSession } from "~/modules/applicants/case-session.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getT } from "~/modules/i18n/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireCaseSession(request);
  const view = await loadCase(getDb(), session.feeRequestId);
  if (!view?.readable || !view.canWithdraw) throw await redirectWithFlash("/case", { kind: "error", key: "case.cannotWithdraw" });
  const t = await getT(request);
  return data({ title: t("case.withdrawTitle"), reference: view.reference });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/** Withdrawing asks for confirmation on its own page, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const session = await requireCaseSession(request);
  const withdrawn = await withdrawCase(getDb(), session.feeRequestId);
  return redirectWithFlash("/case", withdrawn ? { kind: "success", key: "case.withdrawn" } : { kind: "error", key: "case.cannotWithdraw" });
}

export default function WithdrawCase() {
  const { reference } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("case.withdrawTitle")}</h1>
      <p>
        {t("case.reference")}: {reference}
      </p>
      <p>{t("case.withdrawIntro")}</p>
      <Form method="post">
        <button type="submit" className="button danger">
          {t("case.withdrawConfirm")}
        </button>
      </Form>
      <p>
        <Link to="/case">{t("case.withdrawCancel")}</Link>
      </p>
    </>
  );
}
