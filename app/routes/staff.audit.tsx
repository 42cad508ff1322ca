import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireAdmin } from "~/modules/auth/guards.server";
import { listAuditEntries } from "~/modules/audit/audit-log.server";
import { getDb } from "~/modules/db/index.server";
import { formatDateTime } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";

// Staff pages about cases are never stored by browsers or proxies.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Audit log · Fondo staff" }];

const filterSchema = z.object({
  case: z
    .string()
    .trim()
    .max(20)
    .regex(/^[A-Za-z0-9-]*$/)
    .optional()
    .catch(undefined),
  before: z.string().datetime().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const result = await listAuditEntries(db, { caseReference: filter.case || undefined, before: filter.before ? new Date(filter.before) : undefined });
  return data(
    {
      language: await getLanguage(request),
      timezone: (await getOrganization(db)).timezone,
      caseReference: filter.case ?? "",
      ...result,
      nextBefore: result.nextBefore?.toISOString() ?? null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function AuditLog() {
  const { entries, caseFound, caseReference, nextBefore, language, timezone } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
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
        <table>
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
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.createdAt, language, timezone)}</td>
                <td>{e.actorEmail ?? t("auditLog.system")}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>
                  {e.caseReference ? (
                    <Link to={`/staff/cases/${e.subjectId}`}>{e.caseReference}</Link>
                  ) : (
                    `${e.subjectType}${e.subjectId ? ` ${e.subjectId}` : ""}`
                  )}
                </td>
                <td>
                  {typeof e.details.reason === "string" ? t(`staffCases.reasons.${e.details.reason}`, { defaultValue: e.details.reason }) : null}
                  {Object.keys(e.details).some((k) => k !== "reason") ? (
                    <code>{JSON.stringify(Object.fromEntries(Object.entries(e.details).filter(([k]) => k !== "reason")))}</code>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore ? (
        <p>
          <Link to={`?${new URLSearchParams({ ...(caseReference ? { case: caseReference } : {}), before: nextBefore })}`}>{t("auditLog.older")}</Link>
        </p>
      ) : null}
    </>
  );
}
