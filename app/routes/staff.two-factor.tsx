import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { TextField, useStableForm } from "~/components/form";
import { requireUser } from "~/modules/auth/guards.server";
import { needsSecondFactor } from "~/modules/auth/policy";
import { enableTotpSchema } from "~/modules/auth/schema";
import { generateTotpSecret, totpUri } from "~/modules/auth/totp.server";
import { enableTwoFactor } from "~/modules/auth/two-factor.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "twoFactor.stepTitle") }];

const options = { roles: ["admin" as const, "reviewer" as const], allowPendingSecondFactor: true };

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireUser(request, options);
  if (session.user.totpEnabledAt) {
    if (!session.twoFactorVerified) throw redirect("/sign-in/two-factor");
    return { enabled: true as const, secret: null, qrSvg: null, required: needsSecondFactor(session.user) };
  }
  const secret = generateTotpSecret();
  const uri = totpUri(secret, session.user.email, (await getOrganization(getDb())).name);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return data(
    { enabled: false as const, secret, qrSvg, required: needsSecondFactor(session.user) },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireUser(request, options);
  if (session.user.totpEnabledAt) throw redirect("/staff/account");
  const submission = await parseForm(request, { schema: enableTotpSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const ok = await enableTwoFactor(getDb(), { userId: session.user.id, sessionId: session.id, ...submission.value });
  if (!ok) return data(submission.reply({ fieldErrors: { code: ["errors.totpWrong"] } }), { status: 400 });
  return redirectWithFlash("/staff", { kind: "success", key: "twoFactor.enabled" });
}

export default function TwoFactorSetup() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: enableTotpSchema }) });
  if (data.enabled) {
    return (
      <>
        <h1>{t("twoFactor.setupTitle")}</h1>
        <p>{t("twoFactor.alreadyOn")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("twoFactor.setupTitle")}</h1>
      {data.required ? <p className="flash">{t("twoFactor.requiredForStaff")}</p> : null}
      <ol>
        <li>{t("twoFactor.step1")}</li>
        <li>
          {t("twoFactor.step2")}
          <div className="qr" role="img" aria-label={t("twoFactor.qrLabel")} dangerouslySetInnerHTML={{ __html: data.qrSvg! }} />
          <p>{t("twoFactor.manual")}</p>
          <p className="secret" data-testid="totp-secret">
            {data.secret}
          </p>
        </li>
        <li>{t("twoFactor.step3")}</li>
      </ol>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="secret" value={data.secret!} />
        <TextField meta={fields.code as never} label={t("twoFactor.code")} inputMode="numeric" autoComplete="one-time-code" />
        <button type="submit" className="button">
          {t("twoFactor.turnOn")}
        </button>
      </Form>
    </>
  );
}
