import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/modules/db/index.server";
import { defaultPosterOptions, paperSizes, parsePosterOptions, posterLanguages, posterQuery } from "~/modules/fundraisers/poster-options";
import { posterFactsOr404, posterTexts } from "~/modules/fundraisers/poster.server";
import { qrPath } from "~/modules/fundraisers/qr.server";
import { publicPageHeaders } from "~/modules/http/cache.server";
import { errorPageMeta, rootData } from "~/modules/i18n/error-meta";
import { getLanguage, getT } from "~/modules/i18n/i18n.server";
import posterStyles from "~/styles/poster.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: posterStyles }];
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/**
 * A printable poster for a live fundraiser. Unknown `size`/`language` values fall back to the
 * visitor's defaults here (the form then shows what is printed); the PDF link refuses them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb();
  const facts = await posterFactsOr404(db, params.slug);
  const [language, t] = await Promise.all([getLanguage(request), getT(request)]);
  const defaults = defaultPosterOptions(language, request.headers.get("Accept-Language"));
  const options = parsePosterOptions(new URL(request.url).searchParams, defaults) ?? defaults;
  return data(
    {
      pageTitle: t("poster.pageTitle", { title: facts.title }),
      slug: facts.slug,
      businessName: facts.businessName,
      title: facts.title,
      shortUrl: facts.shortUrl,
      logoImageId: facts.logoImageId,
      qr: qrPath(facts.url),
      qrLabel: t("poster.qrLabel", { url: facts.url }),
      options,
      texts: await posterTexts(facts, options.language),
      language,
    },
    { headers: await publicPageHeaders(request) },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) =>
  error || !data ? errorPageMeta(error, rootData(matches)) : [{ title: data.pageTitle }, { name: "robots", content: "noindex" }];

export default function PosterPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { options, texts, slug } = data;
  const languageLabel = { en: t("poster.languageEn"), es: t("poster.languageEs"), both: t("poster.languageBoth") };
  // Text in another language than the page's is marked, so screen readers pronounce it right.
  const langOf = (l: string) => (l === data.language ? undefined : l);
  const longName = data.businessName.length > 32;
  const longTitle = data.title.length > 48;
  const both = options.language === "both";
  // The match line takes the room the explanation had on a two-language poster.
  const crowded = longName || longTitle || texts.some((text) => text.match);
  const sheetClass = ["poster-sheet", `poster-${options.size}`, both ? "poster-both" : "", both && crowded ? "poster-crowded" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <article className="poster-page">
      <div className="poster-controls">
        <p>
          <Link to={`/f/${slug}`}>← {t("poster.backToPage")}</Link>
        </p>
        <h1>{t("poster.heading")}</h1>
        <p className="lead">{t("poster.intro")}</p>
        <form method="get" className="poster-options" aria-label={t("poster.options")}>
          <fieldset className="field">
            <legend>{t("poster.paper")}</legend>
            {paperSizes.map((size) => (
              <label key={size} className="choice">
                <input type="radio" name="size" value={size} defaultChecked={options.size === size} /> {t(`poster.${size}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="field">
            <legend>{t("poster.language")}</legend>
            {posterLanguages.map((l) => (
              <label key={l} className="choice">
                <input type="radio" name="language" value={l} defaultChecked={options.language === l} /> {languageLabel[l]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button secondary">
            {t("poster.update")}
          </button>
        </form>
        <div className="actions">
          <a className="button" href={`/f/${slug}/poster.pdf?${posterQuery(options)}`} download>
            {t("poster.download")}
          </a>
          <PrintButton label={t("poster.print")} />
        </div>
        <p className="hint">{t("poster.printHint")}</p>
        <p>
          {t("poster.qrAlone")} <a href={`/f/${slug}/qr.png`}>{t("poster.qrPng")}</a> ·{" "}
          <a href={`/f/${slug}/qr.svg`}>{t("poster.qrSvg")}</a>
        </p>
      </div>

      <section className={sheetClass} aria-label={t("poster.preview")}>
        <div className="poster-inner">
          {data.logoImageId ? <img src={`/images/${data.logoImageId}`} alt="" className="poster-logo" /> : null}
          <p className={longName ? "poster-business poster-long" : "poster-business"}>{data.businessName}</p>
          {texts.map((text, i) => (
            <p key={text.language} lang={langOf(text.language)} className={second(i, "poster-raising")}>
              {text.raisingFor}
            </p>
          ))}
          <h2 className={longTitle ? "poster-title poster-long" : "poster-title"}>{data.title}</h2>
          {texts.map((text, i) => (
            <p key={text.language} lang={langOf(text.language)} className={second(i, "poster-goal")}>
              {text.goal}
            </p>
          ))}
          {texts.map((text, i) =>
            text.match ? (
              <p key={text.language} lang={langOf(text.language)} className={second(i, "poster-match")}>
                {text.match}
              </p>
            ) : null,
          )}
          {texts.map((text, i) => (
            <p key={text.language} lang={langOf(text.language)} className={second(i, "poster-pitch")}>
              {text.pitch}
            </p>
          ))}
          <p className="poster-cta">
            {texts.map((text, i) => (
              <span key={text.language} lang={langOf(text.language)} className={second(i)}>
                {text.cta}
              </span>
            ))}
          </p>
          <svg
            className="poster-qr"
            viewBox={`0 0 ${data.qr.side} ${data.qr.side}`}
            role="img"
            aria-label={data.qrLabel}
            shapeRendering="crispEdges"
          >
            <rect width={data.qr.side} height={data.qr.side} fill="#fff" />
            <path d={data.qr.d} fill="#000" />
          </svg>
          <p className="poster-visit">
            {texts.map((text, i) => (
              <span key={text.language} lang={langOf(text.language)} className={second(i)}>
                {text.visit}
              </span>
            ))}
            <strong className="poster-url">{data.shortUrl}</strong>
          </p>
          {texts.map((text, i) => (
            <p key={text.language} lang={langOf(text.language)} className={second(i, "poster-give-by")}>
              {text.giveBy}
            </p>
          ))}
          <p className="poster-footer">
            {texts.map((text, i) => (
              <span key={text.language} lang={langOf(text.language)} className={second(i)}>
                {text.footer}
              </span>
            ))}
          </p>
        </div>
      </section>
    </article>
  );
}

/** The second language of a bilingual poster stands apart in colour. */
function second(index: number, className = "") {
  return [className, index > 0 ? "poster-second" : ""].filter(Boolean).join(" ") || undefined;
}

/** Printing needs JavaScript; without it the hint above says to use the browser's own command. */
function PrintButton({ label }: { label: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button secondary" onClick={() => window.print()}>
      {label}
    </button>
  );
}
