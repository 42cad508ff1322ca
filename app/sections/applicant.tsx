import { Outlet } from "@remix-run/react";
import { RouteErrorPage } from "~/components/route-error";

/** The applicant pages (grouped in app/routes.ts): their errors keep the site's layout and language. */
export default function ApplicantSection() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <RouteErrorPage section="applicant" />;
}
