import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextAreaField, useStableForm } from "~/components/form";
import { CaseStatus } from "~/components/case-status";
import { loadCase, replyToCase } from "~/modules/applicants/case.server";
import { endCaseSession, getCaseSession, requireCaseSession } from "~/modules/applicants/case-session.server";
import { EMAIL_CHANGE_TTL_HOURS } from "~/modules/applicants/policy";
import { REPLY_MAX, replySchema } from "~/modules/applicants/schema";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { formatDateTime } from "~/modules/dates/format";
import { getOrganization } from "~/modules/organization/organization.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";

/** The applicant's case page: only a case session opens it (never a staff, host or donor sign-in). */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  const session = await getCaseSession(request);
  const base = { title: t("case.metaTitle"), language: await getLanguage(request), closed: new URL(request.url).searchParams.get("closed") === "1" };
  if (!session) return data({ ...base, view: null, timezone: "UTC" }, { status: 401 });
  const db = getDb();
  const view = await loadCase(db, session.feeRequestId);
  if (!view) return data({ ...base, view: null, timezone: "UTC" }, { status: 401 });
  const timezone = (await getOrganization(db)).timezone;
  return data({ ...base, view, timezone }, { status: view.readable ? 200 : 500 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (formData.get("intent") === "close") {
    return redirect("/case?closed=1", { status: 303, headers: { "Set-Cookie": await endCaseSession(request) } });
  }
  const session = await requireCaseSession(request);
  const submission = parseSubmission(formData, { schema: replySchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const sent = await replyToCase(getDb(), { feeRequestId: session.feeRequestId, body: submission.value.body });
  if (!sent) return data(submission.reply({ formErrors: ["errors.invalidTransition"] }), { status: 409 });
  return redirectWithFlash("/case", { kind: "success", key: "case.replySent" });
}

export default function CasePage() {
  const { view, language, timezone, closed } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!view) {
    return (
      <>
        <h1>{t("case.title")}</h1>
        <p role={closed ? "status" : undefined}>{closed ? t("case.closed") : t("case.needLink")}</p>
        <p>
          <Link to="/case/resend">{t("case.requestNew")}</Link>
        </p>
      </>
    );
  }
  if (!view.readable) {
    return (
      <>
        <h1>{t("case.title")}</h1>
        <div role="alert" className="flash flash-error">
          <p>{t("case.unreadable")}</p>
        </div>
        <dl className="figures">
          <div>
            <dt>{t("case.reference")}</dt>
            <dd>{view.reference}</dd>
          </div>
        </dl>
      </>
    );
  }
  return (
    <>
      <h1>{view.name ? t("case.greeting", { name: view.name }) : t("case.title")}</h1>
      <dl className="figures">
        <div>
          <dt>{t("case.reference")}</dt>
          <dd>{view.reference}</dd>
        </div>
      </dl>
      <p className="hint">{t("case.referenceHint")}</p>
      <CaseStatus view={view} language={language} />
      {view.messages.length ? (
        <section aria-labelledby="messages">
          <h2 id="messages">{t("case.messagesTitle")}</h2>
          <ul className="stack">
            {view.messages.map((m) => (
              <li key={m.id}>
                <h3>{t(`case.messageKind.${m.kind}`)}</h3>
                <p className="hint">{formatDateTime(m.createdAt, language, timezone)}</p>
                <p className="story">{m.body ?? t("case.messageDestroyed")}</p>
              </li>
            ))}
          </ul>
          {view.canReply ? <ReplyForm /> : null}
        </section>
      ) : null}
      {view.canWithdraw ? (
        <section aria-labelledby="contact">
          <h2 id="contact">{t("case.contactTitle")}</h2>
          <p>{t("case.contactIntro")}</p>
          {view.pendingEmail ? <p className="flash">{t("case.emailPending", { email: view.pendingEmail, current: view.email, hours: EMAIL_CHANGE_TTL_HOURS })}</p> : null}
          <p>
            <Link to="/case/contact">{t("case.contactLink")}</Link>
          </p>
          <p>
            <Link to="/case/withdraw">{t("case.withdrawLink")}</Link>
          </p>
        </section>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="close" />
        <button type="submit" className="button secondary">
          {t("case.close")}
        </button>
      </Form>
    </>
  );
}

function ReplyForm() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStableForm({ id: "reply", lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: replySchema }) });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <ErrorSummary errors={form.allErrors} fields={fields} labels={{ body: t("case.replyLabel") }} />
      <TextAreaField meta={fields.body as never} label={t("case.replyLabel")} hint={t("case.replyHint")} rows={4} maxLength={REPLY_MAX} />
      <button type="submit" className="button">
        {t("case.replySend")}
      </button>
    </Form>
  );
}
