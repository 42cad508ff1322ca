import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, useStableForm } from "~/components/form";
import { HostProfileFields, hostProfileLabels } from "~/components/host-profile-fields";
import { getSession } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { parseFormWithLogo } from "~/modules/fundraisers/forms.server";
import { listHostFundraisers } from "~/modules/fundraisers/fundraisers.server";
import { findHostProfile, signUpHost } from "~/modules/fundraisers/hosts.server";
import { hostSignUpSchema } from "~/modules/fundraisers/schema";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { consumeRateLimit, rules } from "~/modules/rate-limit/rate-limit.server";
import { pageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.home") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const language = await getLanguage(request);
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  if (!session || !session.twoFactorVerified) return { mode: "signup" as const, sent, language, fundraisers: [], businessName: null };
  if (session.user.role !== "host") return { mode: "staff" as const, sent, language, fundraisers: [], businessName: null };
  const profile = await findHostProfile(getDb(), session.user.id);
  if (!profile) throw redirect("/host/profile");
  const rows = await listHostFundraisers(getDb(), session.user.id);
  return data(
    {
      mode: "host" as const,
      sent,
      language,
      businessName: profile.businessName,
      fundraisers: rows.map((r) => ({
        id: r.fundraiser.id,
        slug: r.fundraiser.slug,
        title: r.fundraiser.title,
        status: r.fundraiser.status,
        revisionStatus: r.fundraiser.revisionStatus,
        raisedCents: r.fundraiser.raisedCents,
        endsOn: r.fundraiser.endsOn,
        campaign: language === "es" ? r.campaignTitleEs : r.campaignTitleEn,
      })),
    },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (await getSession(request)) throw new Response("Already signed in", { status: 400 });
  const parsed = await parseFormWithLogo(request, hostSignUpSchema);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const { email, nickname, ...profile } = parsed.value;
  if (nickname) return data(parsed.submission.reply({ formErrors: ["errors.required"] }), { status: 400 });
  const limit = await consumeRateLimit(getDb(), rules.hostSignUpPerIp, context.clientIp);
  if (!limit.allowed) return data(parsed.submission.reply({ formErrors: ["errors.tooManyAttempts"] }), { status: 429 });
  await signUpHost(getDb(), { email, profile, logo: parsed.logo, locale: await getLanguage(request) });
  return redirect("/host?sent=1", 303);
}

function SignUp({ sent }: { sent: boolean }) {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useStableForm({
    id: "host-sign-up",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: hostSignUpSchema }),
  });
  const logoErrors = (form.allErrors as Record<string, string[]>).logo;
  if (sent)
    return (
      <>
        <h1>{t("host.signUp.title")}</h1>
        <p className="flash" role="status">
          {t("host.signUp.sent")}
        </p>
      </>
    );
  return (
    <>
      <h1>{t("host.signUp.title")}</h1>
      <p className="lead">{t("host.signUp.intro")}</p>
      <ol>
        <li>{t("host.signUp.step1")}</li>
        <li>{t("host.signUp.step2")}</li>
        <li>{t("host.signUp.step3")}</li>
      </ol>
      <p>
        {t("host.signUp.haveAccount")} <Link to="/sign-in?redirectTo=/host">{t("nav.signIn")}</Link>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={{ ...fields, logo: { id: "host-logo" } }} labels={{ email: t("fields.email"), ...hostProfileLabels(t) }} />
        <TextField meta={fields.email as never} label={t("fields.email")} type="email" autoComplete="email" hint={t("host.signUp.emailHint")} />
        <HostProfileFields fields={fields as never} logoErrors={logoErrors} />
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="host-nickname">Nickname</label>
          <input id="host-nickname" name="nickname" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          {t("host.signUp.submit")}
        </button>
      </Form>
    </>
  );
}

export default function HostHome() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (data.mode === "signup") return <SignUp sent={data.sent} />;
  if (data.mode === "staff")
    return (
      <>
        <h1>{t("host.staffTitle")}</h1>
        <p>
          <Link to="/staff/fundraisers">{t("host.staffLink")}</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>{t("host.home.title", { business: data.businessName })}</h1>
      <p className="actions">
        <Link className="button" to="/host/fundraisers/new">
          {t("host.home.new")}
        </Link>
        <Link className="button secondary" to="/host/profile">
          {t("host.home.profile")}
        </Link>
      </p>
      {data.fundraisers.length === 0 ? (
        <p>{t("host.home.none")}</p>
      ) : (
        <table className="card-rows">
          <caption>{t("host.home.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("host.fields.title")}</th>
              <th scope="col">{t("host.fields.campaign")}</th>
              <th scope="col">{t("host.home.status")}</th>
              <th scope="col">{t("host.home.raised")}</th>
              <th scope="col">{t("host.fields.endsOn")}</th>
            </tr>
          </thead>
          <tbody>
            {data.fundraisers.map((f) => (
              <tr key={f.id}>
                <td data-label={t("host.fields.title")}>
                  <Link to={`/host/fundraisers/${f.id}`}>{f.title}</Link>
                </td>
                <td data-label={t("host.fields.campaign")}>{f.campaign}</td>
                <td data-label={t("host.home.status")}>
                  <span className={`badge ${f.status}`}>{t(`fundraiserStatus.${f.status}`)}</span>
                  {f.revisionStatus === "submitted" ? <> {t("host.home.revisionPending")}</> : null}
                </td>
                <td data-label={t("host.home.raised")}>{formatMoney(f.raisedCents, data.language)}</td>
                <td data-label={t("host.fields.endsOn")}>{formatDate(f.endsOn, data.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
