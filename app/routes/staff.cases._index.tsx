import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { daysUntil, listCases, QUEUE_PAGE } from "~/modules/applicants/review.server";
import { queueFilterSchema } from "~/modules/applicants/review-schema";
import { requireStaff } from "~/modules/auth/guards.server";
import { listAllCampaigns } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { formatDate } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";

// Staff pages about cases are never stored by browsers or proxies.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction = () => [{ title: "Cases · Fondo staff" }];

const statuses = ["submitted", "in_review", "approved", "funded", "paid", "rejected", "withdrawn"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const filter = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const language = await getLanguage(request);
  const [found, campaigns] = await Promise.all([listCases(db, filter, QUEUE_PAGE + 1), listAllCampaigns(db)]);
  const cases = found.slice(0, QUEUE_PAGE);
  const now = new Date();
  return data(
    {
      language,
      filter,
      truncated: found.length > QUEUE_PAGE,
      limit: QUEUE_PAGE,
      campaigns: campaigns.map((c) => ({ id: c.id, title: language === "es" ? c.titleEs : c.titleEn })),
      cases: cases.map((c) => ({
        id: c.id,
        reference: c.reference,
        status: c.status,
        dacaExpiresOn: c.dacaExpiresOn,
        daysToExpiry: daysUntil(c.dacaExpiresOn, now),
        state: c.state,
        filingMethod: c.filingMethod,
        receivedOn: c.createdAt.toISOString().slice(0, 10),
        daysWaiting: -daysUntil(c.createdAt.toISOString().slice(0, 10), now),
        campaign: language === "es" ? c.campaignTitleEs : c.campaignTitleEn,
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export default function CaseQueue() {
  const { cases, campaigns, filter, language, truncated, limit } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staffCases.title")}</h1>
      <p>{t("staffCases.intro")}</p>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="cases-status">{t("staffCases.filterStatus")}</label>
          <select id="cases-status" name="status" defaultValue={filter.status}>
            <option value="open">{t("staffCases.open")}</option>
            <option value="all">{t("staffCases.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`requestStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-campaign">{t("staffCases.filterCampaign")}</label>
          <select id="cases-campaign" name="campaign" defaultValue={filter.campaign ?? ""}>
            <option value="">{t("staffCases.allCampaigns")}</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cases-sort">{t("staffCases.sort")}</label>
          <select id="cases-sort" name="sort" defaultValue={filter.sort}>
            <option value="urgency">{t("staffCases.sortUrgency")}</option>
            <option value="oldest">{t("staffCases.sortOldest")}</option>
            <option value="newest">{t("staffCases.sortNewest")}</option>
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("staffCases.apply")}
        </button>
      </Form>
      <p role="status">{truncated ? t("staffCases.truncated", { count: limit }) : t("staffCases.count", { count: cases.length })}</p>
      {cases.length === 0 ? (
        <p>{t("staffCases.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staffCases.reference")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("staffCases.expires")}</th>
              <th scope="col">{t("staffCases.state")}</th>
              <th scope="col">{t("fields.filingMethod")}</th>
              <th scope="col">{t("staffCases.received")}</th>
              <th scope="col">{t("staffCases.campaign")}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/cases/${c.id}`}>{c.reference}</Link>
                </td>
                <td>{t(`requestStatus.${c.status}`)}</td>
                <td>
                  {formatDate(c.dacaExpiresOn, language)}{" "}
                  <span className="hint">
                    ({c.daysToExpiry >= 0 ? t("staffCases.daysLeft", { count: c.daysToExpiry }) : t("staffCases.expiredAgo", { count: -c.daysToExpiry })})
                  </span>
                </td>
                <td>{c.state}</td>
                <td>{t(`filingMethod.${c.filingMethod}`)}</td>
                <td>
                  {formatDate(c.receivedOn, language)} <span className="hint">({t("staffCases.waitingDays", { count: c.daysWaiting })})</span>
                </td>
                <td>{c.campaign}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
