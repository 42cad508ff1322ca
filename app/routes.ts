import { flatRoutes } from "@remix-run/fs-routes";
import { layout, type RouteConfig, type RouteConfigEntry } from "@remix-run/route-config";
import type { Section } from "./components/route-error";

/**
 * Routes come from the file names in app/routes (Remix's flat routes). Each top-level route is
 * grouped under its section's pathless layout (app/sections), whose error boundary shows errors
 * inside the site's header and navigation; staff pages keep the staff navigation too.
 */
function sectionOf(route: RouteConfigEntry): Section {
  const path = route.path ?? "";
  if (/^staff(\/|$)/.test(path)) return "staff";
  if (/^host(\/|$)/.test(path)) return "host";
  if (/^(apply|case)(\/|$)/.test(path) || /^campaigns\/:slug\/apply(\/|$)/.test(path)) return "applicant";
  if (/^(donate|donor|demo-checkout)(\/|$)/.test(path)) return "donor";
  return "public";
}

async function routes(): Promise<RouteConfigEntry[]> {
  const all = await flatRoutes({ ignoredRouteFiles: ["**/.*", "**/*.test.*"] });
  const groups = new Map<Section, RouteConfigEntry[]>();
  for (const route of all) {
    const section = sectionOf(route);
    // The staff layout checks the session; its pages' errors render inside its navigation.
    const entry = section === "staff" && route.children ? { ...route, children: [layout("sections/staff.tsx", route.children)] } : route;
    groups.set(section, [...(groups.get(section) ?? []), entry]);
  }
  return [...groups].map(([section, children]) => (section === "staff" ? children : [layout(`sections/${section}.tsx`, children)])).flat();
}

export default routes() satisfies RouteConfig;
