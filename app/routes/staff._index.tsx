import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/auth/guards.server";
import { staffOverview } from "~/modules/campaigns/staff.server";
import { getDb } from "~/modules/db/index.server";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { formatMoney } from "~/modules/i18n/format";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.dashboard.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  return {
    language: await getLanguage(request),
    email: session.user.email,
    role: session.user.role,
    campaigns: await staffOverview(getDb()),
  };
}

export default function StaffDashboard() {
  const { campaigns, email, role, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("staff.dashboard.title")}</h1>
      <p>{t("staff.dashboard.signedInAs", { email, role: t(`roles.${role}`) })}</p>
      <h2>{t("staff.nav.campaigns")}</h2>
      <TableScroll label={t("staff.nav.campaigns")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.title")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("campaign.figures.raised")}</th>
              <th scope="col">{t("campaign.figures.available")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/staff/campaigns/${c.id}`}>{language === "es" ? c.titleEs : c.titleEn}</Link>
                </td>
                <td>
                  <span className={`badge ${c.status}`}>{t(`campaignStatus.${c.status}`)}</span>
                </td>
                <td>{formatMoney(c.raisedCents, language)}</td>
                <td>{formatMoney(c.poolAvailableCents, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
