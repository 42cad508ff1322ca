import { randomUUID } from "node:crypto";
import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, TextField, translateError, useStableForm } from "~/components/form";
import { TableScroll } from "~/components/table-scroll";
import { formatDate } from "~/modules/dates/format";
import { getDb } from "~/modules/db/index.server";
import { giftBounds } from "~/modules/donations/donate.server";
import { donorGifts, donorMonthlyGifts } from "~/modules/donors/gifts.server";
import { getDonorPreferences, setDonorPreferences } from "~/modules/donors/preferences.server";
import { donorActionSchema, requestLinkSchema } from "~/modules/donors/schema";
import { endDonorSession, getDonorSession } from "~/modules/donors/session.server";
import { changeMonthlyGift } from "~/modules/donors/subscriptions.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseSubmission, readForm } from "~/modules/forms/read-form.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import { queueLinkRequest } from "~/modules/link-requests/link-requests.server";
import { organizationTimeZone } from "~/modules/organization/clock.server";
import { consumeRateLimit, rules } from "~/modules/rate-limit/rate-limit.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getT(request);
  const title = t("donorPage.title");
  const session = await getDonorSession(request);
  if (!session) return { signedIn: false as const, sent: new URL(request.url).searchParams.get("sent") === "1", title };
  const db = getDb();
  const gifts = await donorGifts(db, session.email, await organizationTimeZone(db));
  return {
    signedIn: true as const,
    title,
    email: session.email,
    gifts,
    years: [...new Set(gifts.map((g) => g.year))],
    monthly: await donorMonthlyGifts(db, session.email),
    preferences: await getDonorPreferences(db, session.email),
    // Each render's key: a double click sends the same Idempotency-Key to Stripe.
    formKey: randomUUID(),
    language: await getLanguage(request),
    // "Cancel" first asks (a GET, so it works without JavaScript); only "Yes" posts.
    confirmCancel: new URL(request.url).searchParams.get("cancel"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  if (formData.get("intent") === "request-link") {
    const submission = parseSubmission(formData, { schema: requestLinkSchema });
    if (submission.status !== "success") return data({ linkForm: submission.reply() }, { status: 400 });
    const limit = await consumeRateLimit(getDb(), rules.donorLinkPerIp, context.clientIp);
    if (!limit.allowed) return data({ linkForm: submission.reply({ formErrors: ["errors.tooManyAttempts"] }) }, { status: 429 });
    // The worker decides whether the address gave: known and unknown addresses cost the same here (ADR 0016).
    await queueLinkRequest(getDb(), { kind: "donor-page-link", email: submission.value.email, locale: await getLanguage(request) });
    return redirect("/donor?sent=1", 303);
  }
  const session = await getDonorSession(request);
  if (!session) return redirect("/donor", 303);
  const { minCents, maxCents } = giftBounds();
  const submission = parseSubmission(formData, { schema: donorActionSchema({ min: minCents, max: maxCents }) });
  if (submission.status !== "success") return data({ giftForm: submission.reply() }, { status: 400 });
  const value = submission.value;
  if (value.intent === "sign-out") return redirect("/donor", { status: 303, headers: { "Set-Cookie": await endDonorSession(request) } });
  if (value.intent === "preferences") {
    await setDonorPreferences(getDb(), session.email, { impactEmails: value.impactEmails, campaignUpdates: value.campaignUpdates });
    return redirectWithFlash("/donor", { kind: "success", key: "donorPage.preferencesSaved" }, { status: 303 });
  }
  const change = value.intent === "amount" ? { intent: value.intent, cents: value.amount } : { intent: value.intent };
  try {
    const done = await changeMonthlyGift(getDb(), { email: session.email, donationId: value.donationId, key: value.key, change });
    // Another donor's gift answers like an unknown one.
    if (!done) throw new Response("Not found", { status: 404 });
  } catch (error) {
    if (error instanceof Response) throw error;
    console.warn(`donor page: ${value.intent} failed: ${(error as Error).name}`);
    return redirectWithFlash("/donor", { kind: "error", key: "donorPage.failed" }, { status: 303 });
  }
  return redirectWithFlash("/donor", { kind: "success", key: "donorPage.requested" }, { status: 303 });
}

export default function DonorPage() {
  const loaded = useLoaderData<typeof loader>();
  return loaded.signedIn ? <DonorGifts /> : <RequestLink sent={loaded.sent} />;
}

function RequestLink({ sent }: { sent: boolean }) {
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && "linkForm" in actionData ? actionData.linkForm : undefined;
  const { t } = useTranslation();
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: requestLinkSchema }) });
  return (
    <>
      <h1>{t("donorPage.title")}</h1>
      <p>{t("donorPage.intro")}</p>
      {sent ? (
        <p className="flash" role="status">
          {t("donorPage.sent")}
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="request-link" />
        <ErrorSummary errors={form.allErrors} fields={fields} labels={{ email: t("donate.email") }} />
        <TextField meta={fields.email as never} label={t("donate.email")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("donorPage.send")}
        </button>
      </Form>
    </>
  );
}

const monthlyKey = { active: "donorPage.monthlyActive", past_due: "donorPage.monthlyPastDue", canceled: "donorPage.monthlyCanceled" } as const;

function DonorGifts() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!loaded.signedIn) return null;
  const { gifts, monthly, preferences, years, formKey, language, email, confirmCancel } = loaded;
  const money = (cents: number) => formatMoney(cents, language);
  const title = (g: { campaignTitleEn: string; campaignTitleEs: string }) => (language === "es" ? g.campaignTitleEs : g.campaignTitleEn);
  const giftForm = actionData && "giftForm" in actionData ? actionData.giftForm : undefined;
  const amountErrors = giftForm?.error?.amount;
  const erredGift = giftForm?.initialValue?.donationId;
  return (
    <>
      <h1>{t("donorPage.title")}</h1>
      <p>{t("donorPage.signedInAs", { email })}</p>

      <section aria-labelledby="monthly-title">
        <h2 id="monthly-title">{t("donorPage.monthlyTitle")}</h2>
        {monthly.length === 0 ? <p>{t("donorPage.noMonthly")}</p> : null}
        <ul className="stack">
          {monthly.map((m) => {
            const params = { amount: money(m.cents), campaign: title(m) };
            const open = m.status !== "canceled";
            const errors = amountErrors && (erredGift === undefined || erredGift === m.id) ? amountErrors : undefined;
            if (open && confirmCancel === m.id)
              return (
                <li key={m.id} className="stack">
                  <p>{t("donorPageCancel.question", params)}</p>
                  <div className="cluster">
                    <Form method="post">
                      <input type="hidden" name="donationId" value={m.id} />
                      <input type="hidden" name="key" value={formKey} />
                      <button type="submit" name="intent" value="cancel" className="button">
                        {t("donorPageCancel.yes")}
                      </button>
                    </Form>
                    <Link to="/donor" className="button secondary">
                      {t("donorPageCancel.keep")}
                    </Link>
                  </div>
                </li>
              );
            return (
              <li key={m.id} className="stack">
                <p role="status">{m.paused && open ? t("donorPage.monthlyPaused", params) : t(monthlyKey[m.status], params)}</p>
                {open ? (
                  <div className="cluster">
                    <Form method="post">
                      <input type="hidden" name="donationId" value={m.id} />
                      <input type="hidden" name="key" value={formKey} />
                      <button type="submit" name="intent" value={m.paused ? "resume" : "pause"} className="button secondary">
                        {t(m.paused ? "donorPage.resume" : "donorPage.pause")}
                      </button>
                    </Form>
                    <Form method="get">
                      <button type="submit" name="cancel" value={m.id} className="button secondary">
                        {t("donorPage.cancel")}
                      </button>
                    </Form>
                    <Form method="post" className="cluster">
                      <input type="hidden" name="donationId" value={m.id} />
                      <input type="hidden" name="key" value={formKey} />
                      <div className="field">
                        <label htmlFor={`amount-${m.id}`}>{t("donorPage.newAmount")}</label>
                        <input id={`amount-${m.id}`} name="amount" inputMode="decimal" aria-invalid={errors ? true : undefined} aria-describedby={errors ? `amount-${m.id}-error` : undefined} />
                        {errors ? (
                          <p id={`amount-${m.id}-error`} className="field-error">
                            {errors.map((e: string) => translateError(t, e, language)).join(" ")}
                          </p>
                        ) : null}
                      </div>
                      <button type="submit" name="intent" value="amount" className="button secondary">
                        {t("donorPage.changeAmount")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="gifts-title">
        <h2 id="gifts-title">{t("donorPage.giftsTitle")}</h2>
        {gifts.length === 0 ? (
          <p>{t("donorPage.noGifts")}</p>
        ) : (
          <TableScroll label={t("donorPage.giftsTitle")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("donorPage.date")}</th>
                  <th scope="col">{t("donorPage.amount")}</th>
                  <th scope="col">{t("donorPage.receipt")}</th>
                  <th scope="col">{t("donorPage.campaign")}</th>
                  <th scope="col">{t("donorPage.kind")}</th>
                </tr>
              </thead>
              <tbody>
                {gifts.map((g) => (
                  <tr key={g.id}>
                    <td>{formatDate(g.date, language)}</td>
                    <td>
                      {money(g.cents)}
                      {g.refundedCents > 0 ? ` (${t("donorPage.refunded")}: ${money(g.refundedCents)})` : ""}
                    </td>
                    <td>
                      {/* The visible words begin each link's name (WCAG 2.5.3); the reference tells the rows apart. */}
                      <a href={`/donor/gifts/${g.id}/receipt`}>
                        {t("donorPage.receiptHtml")}
                        <span className="visually-hidden">{t("donorPageCancel.receiptHidden", { reference: g.reference })}</span>
                      </a>
                      <br />
                      <a href={`/donor/gifts/${g.id}/receipt.pdf`}>
                        {t("donorPage.receiptPdf")}
                        <span className="visually-hidden">{t("donorPageCancel.receiptPdfHidden", { reference: g.reference })}</span>
                      </a>
                    </td>
                    <td>
                      {title(g)}
                      {g.fundraiserTitle ? ` · ${g.fundraiserTitle}` : ""}
                    </td>
                    <td>{t(g.monthly ? "donorPage.monthlyCharge" : "donorPage.oneTime")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      {years.length > 0 ? (
        <section aria-labelledby="statements-title">
          <h2 id="statements-title">{t("donorPage.statementsTitle")}</h2>
          <ul>
            {years.map((year) => (
              <li key={year}>
                <a href={`/donor/statements/${year}.pdf`}>{t("donorPage.statementLink", { year })}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="preferences-title">
        <h2 id="preferences-title">{t("donorPage.preferencesTitle")}</h2>
        <Form method="post" className="stack">
          <p>{t("donorPage.preferencesIntro")}</p>
          <div className="checkbox">
            <input type="checkbox" id="impactEmails" name="impactEmails" defaultChecked={preferences.impactEmails} />
            <label htmlFor="impactEmails">{t("donorPage.impactEmails")}</label>
          </div>
          <div className="checkbox">
            <input type="checkbox" id="campaignUpdates" name="campaignUpdates" defaultChecked={preferences.campaignUpdates} />
            <label htmlFor="campaignUpdates">{t("donorPage.campaignUpdates")}</label>
          </div>
          <button type="submit" name="intent" value="preferences" className="button">
            {t("donorPage.savePreferences")}
          </button>
        </Form>
      </section>

      <Form method="post">
        <button type="submit" name="intent" value="sign-out" className="button secondary">
          {t("donorPage.signOut")}
        </button>
      </Form>
    </>
  );
}
