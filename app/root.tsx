import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useEffect } from "react";
import { getSession } from "./modules/auth/guards.server";
import { getDb } from "./modules/db/index.server";
import { getDonorSession } from "./modules/donors/session.server";
import { readFlash } from "./modules/flash/flash.server";
import { getLanguage, rememberLanguage } from "./modules/i18n/i18n.server";
import { getOrganization } from "./modules/organization/organization.server";
import { errorPageMeta } from "./modules/i18n/error-meta";
import { useNonce } from "./nonce";
import { RouteErrorPage } from "./components/route-error";
import stylesHref from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [language, session, organization, { flash, setCookie }, languageCookie] = await Promise.all([
    getLanguage(request),
    getSession(request),
    getOrganization(getDb()),
    readFlash(request),
    rememberLanguage(request),
  ]);
  // A donor-page session (no staff sign-in) gets its way back to the donor page in the header.
  const donor = !session && (await getDonorSession(request)) !== null;
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (languageCookie) headers.append("Set-Cookie", languageCookie);
  return data(
    {
      language,
      flash,
      organization: { name: organization.name, hasLogo: organization.logoImageId !== null, logoId: organization.logoImageId },
      user: session ? { role: session.user.role, email: session.user.email } : null,
      donor,
    },
    { headers },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) =>
  error ? errorPageMeta(error, data) : [{ title: data?.organization.name ?? "Fondo" }];

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function LanguageSwitch({ language }: { language: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = language === "es" ? "en" : "es";
  const params = new URLSearchParams(location.search);
  params.set("lng", other);
  return (
    <a href={`${location.pathname}?${params.toString()}`} hrefLang={other} lang={other} className="language-switch">
      {t("nav.switchLanguage")}
    </a>
  );
}

function Header({ data }: { data: RootData }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link to="/" className="brand">
          {data.organization.logoId ? <img src={`/images/${data.organization.logoId}`} alt="" height={32} /> : null}
          <span>{data.organization.name}</span>
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul>
            <li>
              <Link to="/">{t("nav.campaigns")}</Link>
            </li>
            <li>
              <Link to="/apply">{t("apply.navLink")}</Link>
            </li>
            {data.user && data.user.role !== "host" ? (
              <li>
                <Link to="/staff">{t("nav.staff")}</Link>
              </li>
            ) : null}
            {data.user?.role === "host" ? (
              <li>
                <Link to="/host">{t("host.nav")}</Link>
              </li>
            ) : null}
            <li>
              {data.user ? (
                <form method="post" action="/sign-out">
                  <button type="submit" className="link-button">
                    {t("nav.signOut")}
                  </button>
                </form>
              ) : data.donor ? (
                <Link to="/donor">{t("donorPage.title")}</Link>
              ) : (
                <Link to="/sign-in">{t("nav.signIn")}</Link>
              )}
            </li>
            <li>
              <LanguageSwitch language={data.language} />
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function FlashMessage({ data }: { data: RootData }) {
  const { t } = useTranslation();
  if (!data.flash) return null;
  return (
    <div className={`flash flash-${data.flash.kind}`} role={data.flash.kind === "error" ? "alert" : "status"}>
      {t(data.flash.key, data.flash.params ?? {})}
    </div>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { i18n } = useTranslation();
  // Without the root's data (an error in the root loader) the language entry.server chose still holds.
  const language = data?.language ?? (i18n.language === "es" ? "es" : "en");
  // The embeddable widget (handle.bare) is framed on other sites: no site header or footer.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);
  return (
    <html lang={language} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {bare ? null : (
          <a href="#main" className="skip-link">
            {i18n.t("nav.skip", { lng: language })}
          </a>
        )}
        {data && !bare ? <Header data={data} /> : null}
        <main id="main" tabIndex={-1} className="container">
          {data ? <FlashMessage data={data} /> : null}
          {children}
        </main>
        {bare ? null : (
          <footer className="site-footer">
            <div className="container">
              <p>{i18n.t("footer.tagline", { lng: language, organizationName: data?.organization.name ?? "Fondo" })}</p>
            </div>
          </footer>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  // Unknown addresses and errors in the root itself; each section has its own (app/sections).
  return <RouteErrorPage section="public" />;
}
