import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/modules/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The two-factor setup page must open before the second factor exists.
  const session = await requireUser(request, {
    roles: ["admin", "reviewer"],
    allowPendingSecondFactor: url.pathname.startsWith("/staff/two-factor"),
  });
  return data({ role: session.user.role, email: session.user.email });
}

export default function StaffLayout() {
  const { role } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const links = [
    { to: "/staff", label: t("staff.nav.dashboard"), end: true },
    { to: "/staff/cases", label: t("staffCases.nav") },
    { to: "/staff/campaigns", label: t("staff.nav.campaigns") },
    { to: "/staff/fundraisers", label: t("staffFundraisers.nav") },
    { to: "/staff/fee-schedules", label: t("staff.nav.feeSchedules") },
    { to: "/staff/cards", label: t("issuing.nav") },
    ...(role === "admin"
      ? [
          { to: "/staff/users", label: t("staff.nav.users") },
          { to: "/staff/settings", label: t("staff.nav.settings") },
          { to: "/staff/audit", label: t("staffCases.navAudit") },
        ]
      : []),
    { to: "/staff/account", label: t("staff.nav.account") },
  ];
  return (
    <div>
      <nav className="staff-nav" aria-label={t("staff.nav.label")}>
        <ul>
          {links.map((l) => (
            <li key={l.to}>
              <NavLink to={l.to} end={l.end}>
                {l.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
