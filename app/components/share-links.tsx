import { useTranslation } from "react-i18next";

/** Plain share links: no third-party scripts, widgets or tracking pixels load on the page. */
export function ShareLinks({ url, title, heading }: { url: string; title: string; heading?: string }) {
  const { t } = useTranslation();
  const text = encodeURIComponent(`${title} ${url}`);
  const u = encodeURIComponent(url);
  const links = [
    { label: t("fundraiser.share.email"), href: `mailto:?subject=${encodeURIComponent(title)}&body=${u}` },
    { label: "WhatsApp", href: `https://wa.me/?text=${text}` },
    { label: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: "X", href: `https://x.com/intent/post?text=${text}` },
  ];
  return (
    <section aria-labelledby="share-heading">
      <h2 id="share-heading">{heading ?? t("fundraiser.share.heading")}</h2>
      <ul className="share-links">
        {links.map((l) => (
          <li key={l.label}>
            <a href={l.href} rel="noopener noreferrer" target={l.href.startsWith("mailto:") ? undefined : "_blank"}>
              {l.label}
            </a>
          </li>
        ))}
      </ul>
      <p>
        {t("fundraiser.share.link")} <code>{url}</code>
      </p>
    </section>
  );
}
