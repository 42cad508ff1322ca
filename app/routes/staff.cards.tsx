import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { issuingEnabled, setIssuingEnabled } from "~/modules/issuing/cards.server";
import { issuingOverview } from "~/modules/issuing/overview.server";
import { issuingSettingsSchema } from "~/modules/issuing/schema";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "issuing.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  const db = getDb();
  return { language: await getLanguage(request), isAdmin: session.user.role === "admin", enabled: await issuingEnabled(db), overview: await issuingOverview(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const submission = parseSubmission(await readForm(request), { schema: issuingSettingsSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  await setIssuingEnabled(getDb(), { enabled: submission.value.enabled === "on", actorUserId: session.user.id });
  return redirectWithFlash("/staff/cards", { kind: "success", key: "issuing.saved" });
}

export default function CardPayments() {
  const { language, isAdmin, enabled, overview } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("issuing.title")}</h1>
      <p>{t("issuing.intro")}</p>
      {isAdmin ? (
        <Form method="post" className="stack">
          <div className="field">
            <label className="choice">
              <input type="checkbox" name="enabled" defaultChecked={enabled} aria-describedby="issuing-enabled-hint" /> {t("issuing.enabledLabel")}
            </label>
            <p className="hint" id="issuing-enabled-hint">
              {t("issuing.enabledHint")}
            </p>
          </div>
          <button type="submit" className="button">
            {t("common.save")}
          </button>
        </Form>
      ) : (
        <p>
          {enabled ? t("issuing.enabledLabel") : t("issuing.offNote")} {t("issuing.onlyAdmins")}
        </p>
      )}
      <h2>{t("issuing.balanceTitle")}</h2>
      <dl className="facts">
        <dt>{t("issuing.balance")}</dt>
        <dd>{overview.issuingBalanceCents === null ? t("issuing.balanceUnknown") : formatMoney(overview.issuingBalanceCents, language)}</dd>
        <dt>{t("issuing.fundedNotPaid")}</dt>
        <dd>{formatMoney(overview.fundedNotPaidCents, language)}</dd>
      </dl>
      <p>{t("issuing.balanceNote")}</p>
    </>
  );
}
