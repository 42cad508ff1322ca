import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type Section = "public" | "donor" | "applicant" | "host" | "staff";

/** Where a visitor of each section goes on from an error page, with its (existing) label. */
const onward: Record<Section, { to: string; label: string }> = {
  public: { to: "/", label: "errors.backHome" },
  donor: { to: "/", label: "errors.backHome" },
  applicant: { to: "/apply", label: "apply.navLink" },
  host: { to: "/host", label: "host.nav" },
  staff: { to: "/staff", label: "staff.nav.dashboard" },
};

const pages: Record<number, string> = { 400: "errors.page400", 403: "errors.page403", 404: "errors.page404", 413: "errors.page413", 415: "errors.page415", 429: "errors.page429" };

/**
 * The error page of a route section. It renders inside the root layout (site header, navigation,
 * footer, the visitor's language) and, for staff, inside the staff navigation.
 */
export function RouteErrorPage({ section }: { section: Section }) {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = pages[status] ?? "errors.page500";
  // A refused form says why (readForm's message, already in the visitor's language).
  const reason = isRouteErrorResponse(error) && typeof error.data?.message === "string" && String(error.data?.error).startsWith("formErrors.") ? (error.data.message as string) : null;
  const next = onward[section];
  return (
    <section className="error-page">
      <h1>{t(`${key}.title`)}</h1>
      <p>{reason ?? t(`${key}.body`)}</p>
      <p>
        <Link to={next.to}>{t(next.label)}</Link>
      </p>
    </section>
  );
}
