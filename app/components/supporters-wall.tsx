import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { WallPage } from "~/modules/donations/wall";

/**
 * A supporters wall, newest first, paged with plain links (`?wall=N`) so it works without
 * JavaScript; the links come back to the wall itself (#supporters).
 */
export function SupportersWall(props: { wall: WallPage; path: string; title: string; empty: string; hint?: string; heading?: "h2" | "h3" }) {
  const { t } = useTranslation();
  const { wall, path } = props;
  const Heading = props.heading ?? "h2";
  const pageLink = (page: number) => `${path}${page > 1 ? `?wall=${page}` : ""}#supporters`;
  return (
    <section id="supporters" aria-labelledby="wall-heading" className="wall">
      <Heading id="wall-heading">{props.title}</Heading>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      {wall.entries.length ? (
        <ul className="supporters-wall">
          {wall.entries.map((s, i) => (
            <li key={`${wall.page}-${i}`}>
              <strong>{s.name ?? t("wall.anonymous")}</strong>
              {s.message ? <q>{s.message}</q> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{wall.page > 1 ? t("wall.noMore") : props.empty}</p>
      )}
      {wall.page > 1 || wall.hasOlder ? (
        <nav className="wall-pages" aria-label={t("wall.pages")}>
          {wall.page > 1 ? (
            <Link to={pageLink(wall.page - 1)} preventScrollReset rel="prev">
              ← {t("wall.newer")}
            </Link>
          ) : null}
          <span>{t("wall.page", { page: wall.page })}</span>
          {wall.hasOlder ? (
            <Link to={pageLink(wall.page + 1)} preventScrollReset rel="next">
              {t("wall.older")} →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
