import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";

type Entry = { slug: string; businessName: string; title: string; raisedCents: number };

/** Live business fundraisers of a campaign, by amount raised; links to each page and to hosting one. */
export function Leaderboard({ entries, language }: { entries: Entry[]; language: Language }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="leaderboard-heading" className="leaderboard">
      <h2 id="leaderboard-heading">{t("fundraiser.leaderboard.heading")}</h2>
      {entries.length ? (
        <ol>
          {entries.map((e) => (
            <li key={e.slug}>
              <Link to={`/f/${e.slug}`}>
                <strong>{e.businessName}</strong>: {e.title}
              </Link>{" "}
              — {t("fundraiser.leaderboard.raised", { amount: formatMoney(e.raisedCents, language) })}
            </li>
          ))}
        </ol>
      ) : (
        <p>{t("fundraiser.leaderboard.none")}</p>
      )}
      <p>
        <Link to="/host">{t("fundraiser.leaderboard.host")}</Link>
      </p>
    </section>
  );
}
