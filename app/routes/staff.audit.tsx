import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdmin } from "~/modules/auth/guards.server";
import { listAuditEntries } from "~/modules/audit/audit-log.server";
import { actorLabel, detailLines, eventLabel, type AuditSubject } from "~/modules/audit/describe";
import { getDb } from "~/modules/db/index.server";
import type { Language } from "~/modules/i18n/config";
import { formatDateTime } from "~/modules/dates/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Fondo staff" }];

const filterSchema = z.object({
  case: z
    .string()
    .trim()
    .max(20)
    .regex(/^[A-Za-z0-9-]*$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const result = await listAuditEntries(db, { caseReference: filter.case || undefined, page: filter.page });
  return data(
    {
      language: await getLanguage(request),
      timezone: (await getOrganization(db)).timezone,
      caseReference: filter.case ?? "",
      ...result,
    },
  );
}

export default function AuditLog() {
  const { entries, caseFound, caseReference, page, hasOlder, language, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pageLink = (n: number) => `?${new URLSearchParams({ ...(caseReference ? { case: caseReference } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <>
      <h1>{t("auditLog.title")}</h1>
      <p>{t("auditLog.intro")}</p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="audit-case">{t("auditLog.caseFilter")}</label>
          <input id="audit-case" name="case" defaultValue={caseReference} autoComplete="off" />
        </div>
        <button type="submit" className="button secondary">
          {t("auditLog.filter")}
        </button>
      </Form>
      {!caseFound ? <p role="status">{t("auditLog.noSuchCase", { reference: caseReference })}</p> : null}
      {entries.length === 0 ? (
        <p>{t("auditLog.empty")}</p>
      ) : (
        <table className="audit-log">
          <thead>
            <tr>
              <th scope="col">{t("auditLog.when")}</th>
              <th scope="col">{t("auditLog.who")}</th>
              <th scope="col">{t("auditLog.action")}</th>
              <th scope="col">{t("auditLog.subject")}</th>
              <th scope="col">{t("auditLog.details")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const details = detailLines(t, e, language);
              return (
                <tr key={e.id}>
                  <td data-label={t("auditLog.when")}>{formatDateTime(e.createdAt, language, timezone)}</td>
                  <td data-label={t("auditLog.who")}>{actorLabel(t, e.actor)}</td>
                  <td data-label={t("auditLog.action")}>{eventLabel(t, e.action)}</td>
                  <td data-label={t("auditLog.subject")}>
                    <Subject subject={e.subject} language={language} />
                  </td>
                  <td data-label={t("auditLog.details")}>
                    {details.length ? (
                      <dl className="audit-details">
                        {details.map(([label, value]) => (
                          <div key={label}>
                            <dt>{label}</dt>
                            <dd>{value}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page > 1 || hasOlder ? (
        <nav aria-label={t("auditLog.pages")} className="pager">
          {page > 1 ? <Link to={pageLink(page - 1)}>← {t("auditLog.newer")}</Link> : null}
          <span>{t("auditLog.page", { page })}</span>
          {hasOlder ? <Link to={pageLink(page + 1)}>{t("auditLog.older")} →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

function Subject({ subject, language }: { subject: AuditSubject; language: Language }) {
  const { t } = useTranslation();
  switch (subject.kind) {
    case "case":
      return <Link to={`/staff/cases/${subject.id}`}>{subject.reference}</Link>;
    case "campaign":
      return <Link to={`/staff/campaigns/${subject.id}`}>{subject.title[language]}</Link>;
    case "user":
      return <Link to={`/staff/users/${subject.id}`}>{subject.name}</Link>;
    case "fundraiser":
      return <Link to={`/staff/fundraisers/${subject.id}`}>{subject.title}</Link>;
    case "donation":
      return <Link to={`/staff/campaigns/${subject.campaignId}/donations`}>{t("auditLog.giftTo", { campaign: subject.title[language] })}</Link>;
    case "fee_schedule":
      return <>{subject.name[language]}</>;
    case "organization":
      return <>{t("auditLog.organization")}</>;
    default:
      return <>—</>;
  }
}
