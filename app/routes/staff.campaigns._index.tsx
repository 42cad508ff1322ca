import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/auth/guards.server";
import { listAllCampaigns } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { formatMoney } from "~/modules/i18n/format";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.campaigns.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  return { language: await getLanguage(request), canEdit: session.user.role === "admin", campaigns: await listAllCampaigns(getDb()) };
}

export default function StaffCampaigns() {
  const { campaigns, canEdit, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staff.campaigns.title")}</h1>
      {canEdit ? (
        <p>
          <Link to="/staff/campaigns/new" className="button">
            {t("staff.campaigns.new")}
          </Link>
        </p>
      ) : null}
      <TableScroll label={t("staff.campaigns.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.title")}</th>
              <th scope="col">{t("fields.slug")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("fields.fee")}</th>
              <th scope="col">{t("fields.goalFees")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/campaigns/${c.id}`}>{language === "es" ? c.titleEs : c.titleEn}</Link>
                </td>
                <td>{c.slug}</td>
                <td>
                  <span className={`badge ${c.status}`}>{t(`campaignStatus.${c.status}`)}</span>
                </td>
                <td>{c.feeSource === "fixed" && c.fixedFeeCents ? formatMoney(c.fixedFeeCents, language) : t("staff.campaigns.feeFromSchedule")}</td>
                <td>{c.goalFees}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
