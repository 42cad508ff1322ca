import { useTranslation } from "react-i18next";
import { formatDayOf } from "~/modules/dates/format";
import type { Language } from "~/modules/i18n/config";

export type CampaignNewsItem = { id: string; body: string; imageId: string | null; createdAt: string };

/** Staff's updates on the campaign page, newest first, in the visitor's language. */
export function CampaignNews({ items, language, timeZone }: { items: CampaignNewsItem[]; language: Language; timeZone: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="news-heading" className="stack">
      <h2 id="news-heading">{t("campaignUpdates.publicHeading")}</h2>
      {items.map((item) => (
        <article key={item.id} className="stack">
          <p>
            <strong>{formatDayOf(item.createdAt, language, timeZone)}</strong>
          </p>
          {item.imageId ? <img src={`/images/${item.imageId}`} alt="" className="campaign-image" /> : null}
          {item.body.split(/\n{2,}/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </article>
      ))}
    </section>
  );
}
