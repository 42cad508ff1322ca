import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { daysUntil, listCases, QUEUE_PAGE } from "~/modules/applicants/review.server";
import { queueFilterSchema } from "~/modules/applicants/review-schema";
import { requireStaff } from "~/modules/auth/guards.server";
import { listAllCampaigns } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { dayIn, todayIn } from "~/modules/dates/dates";
import { formatDate } from "~/modules/dates/format";
import { organizationTimeZone } from "~/modules/organization/clock.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { getOrganization } from "~/modules/organization/organization.server";
import { needsAttention } from "~/modules/uscis/attention.server";
import { TableScroll } from "~/components/table-scroll";
import { RequestStatus } from "~/components/request-status";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staffCases.title") }];

const statuses = ["submitted", "in_review", "approved", "funded", "paid", "rejected", "withdrawn"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const filter = queueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const language = await getLanguage(request);
  const [found, campaigns, attention, org] = await Promise.all([listCases(db, filter, QUEUE_PAGE + 1), listAllCampaigns(db), needsAttention(db), getOrganization(db)]);
  const onDay = (items: { id: string; reference: string; since: string }[]) => items.map((i) => ({ ...i, since: todayIn(org.timezone, new Date(i.since)) }));
  const cases = found.slice(0, QUEUE_PAGE);
  // The queue and the case page read the same clock: the organization's.
  const timeZone = await organizationTimeZone(db);
  const today = todayIn(timeZone);
  return data(
    {
      language,
      filter,
      truncated: found.length > QUEUE_PAGE,
      attention: { ...attention, paidNotFiled: onDay(attention.paidNotFiled), fundedNotPaid: onDay(attention.fundedNotPaid) },
      limit: QUEUE_PAGE,
      campaigns: campaigns.map((c) => ({ id: c.id, title: language === "es" ? c.titleEs : c.titleEn })),
      cases: cases.map((c) => ({
        id: c.id,
        reference: c.reference,
        status: c.status,
        shortCents: c.shortCents,
        dacaExpiresOn: c.dacaExpiresOn,
        daysToExpiry: daysUntil(c.dacaExpiresOn, today),
        state: c.state,
        filingMethod: c.filingMethod,
        receivedOn: dayIn(c.createdAt, timeZone),
        daysWaiting: -daysUntil(dayIn(c.createdAt, timeZone), today),
        campaign: language === "es" ? c.campaignTitleEs : c.campaignTitleEn,
      })),
    },
  );
}

export default function CaseQueue() {
  const { cases, campaigns, filter, language, truncated, limit } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staffCases.title")}</h1>
      <p>{t("staffCases.intro")}</p>
      <NeedsAttention />
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
        <TableScroll label={t("staffCases.title")}>
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
                  <td>
                    <RequestStatus status={c.status} shortCents={c.shortCents} language={language} />
                  </td>
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
        </TableScroll>
      )}
    </>
  );
}

/** Cases stalled or with a USCIS deadline, before the queue itself. */
function NeedsAttention() {
  const { attention, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const groups = [
    { key: "evidence", title: t("staffCases.attentionEvidence"), items: attention.evidenceDue, when: "staffCases.attentionDue" },
    { key: "paid", title: t("staffCases.attentionPaidNotFiled", { count: attention.paidNotFiledDays }), items: attention.paidNotFiled, when: "staffCases.attentionSince" },
    { key: "funded", title: t("staffCases.attentionFundedNotPaid", { count: attention.fundedNotPaidDays }), items: attention.fundedNotPaid, when: "staffCases.attentionSince" },
  ].filter((g) => g.items.length > 0);
  return (
    <section aria-labelledby="attention-heading" data-testid="needs-attention">
      <h2 id="attention-heading">{t("staffCases.attentionHeading")}</h2>
      {groups.length === 0 ? <p>{t("staffCases.attentionNone")}</p> : null}
      {groups.map((g) => (
        <div key={g.key}>
          <h3>{g.title}</h3>
          <ul>
            {g.items.map((i) => (
              <li key={i.id}>
                <Link to={`/staff/cases/${i.id}`}>{i.reference}</Link> <span className="hint">({t(g.when, { date: formatDate(i.since, language) })})</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
