import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { listAllFundraisers, listReviewQueue } from "~/modules/fundraisers/review.server";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staffFundraisers.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const language = await getLanguage(request);
  const [queue, all] = await Promise.all([listReviewQueue(getDb()), listAllFundraisers(getDb())]);
  const row = (r: (typeof all)[number]) => ({
    id: r.fundraiser.id,
    title: r.fundraiser.title,
    businessName: r.fundraiser.businessName,
    status: r.fundraiser.status,
    revision: r.fundraiser.revisionStatus === "submitted",
    raisedCents: r.fundraiser.raisedCents,
    startsOn: r.fundraiser.startsOn,
    endsOn: r.fundraiser.endsOn,
    campaignTitle: language === "es" ? r.campaignTitleEs : r.campaignTitleEn,
  });
  return { language, queue: queue.map(row), all: all.map(row) };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["all"][number];

function FundraiserTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const { t } = useTranslation();
  const { language } = useLoaderData<typeof loader>();
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("host.fields.title")}</th>
            <th scope="col">{t("host.fields.businessName")}</th>
            <th scope="col">{t("host.fields.campaign")}</th>
            <th scope="col">{t("host.home.status")}</th>
            <th scope="col">{t("host.home.raised")}</th>
            <th scope="col">{t("staffFundraisers.dates")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link to={`/staff/fundraisers/${r.id}`}>{r.title}</Link>
              </td>
              <td>{r.businessName}</td>
              <td>{r.campaignTitle}</td>
              <td>
                <span className={`badge ${r.status}`}>{t(`fundraiserStatus.${r.status}`)}</span>
                {r.revision ? <> {t("staffFundraisers.storyEdit")}</> : null}
              </td>
              <td>{formatMoney(r.raisedCents, language)}</td>
              <td>
                {formatDate(r.startsOn, language)} – {formatDate(r.endsOn, language)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function StaffFundraisers() {
  const { queue, all } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staffFundraisers.title")}</h1>
      <h2>{t("staffFundraisers.queue")}</h2>
      {queue.length ? <FundraiserTable rows={queue} caption={t("staffFundraisers.queueCaption")} /> : <p>{t("staffFundraisers.queueEmpty")}</p>}
      <h2>{t("staffFundraisers.all")}</h2>
      {all.length ? <FundraiserTable rows={all} caption={t("staffFundraisers.allCaption")} /> : <p>{t("staffFundraisers.none")}</p>}
    </>
  );
}
