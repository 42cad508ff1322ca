import { useTranslation } from "react-i18next";
import { feeCoverFor, type CardRate } from "~/modules/donations/pricing";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";

const percentFormats = new Map<Language, Intl.NumberFormat>();
const percent = (basisPoints: number, language: Language) => {
  let format = percentFormats.get(language);
  if (!format) percentFormats.set(language, (format = new Intl.NumberFormat(language === "es" ? "es-US" : "en-US", { style: "percent", maximumFractionDigits: 2 })));
  return format.format(basisPoints / 10_000);
};

/**
 * What "cover the card fees" adds, before checkout: the amount for the gift chosen (computed as
 * the server will, from the configured card rate) or, when no amount is known yet — without
 * JavaScript, or while the other amount is not a valid amount — the rule itself.
 */
export function CardFeeHint({ id, giftCents, rate, language }: { id: string; giftCents: number | null; rate: CardRate; language: Language }) {
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, language);
  const rateText = `${percent(rate.basisPoints, language)} + ${money(rate.fixedCents)}`;
  return (
    <p id={id} className="hint" aria-live="polite">
      {giftCents
        ? t("donate.coverFeesAmount", { fee: money(feeCoverFor(giftCents, rate)), gift: money(giftCents), rate: rateText })
        : t("donate.coverFeesRule", { rate: rateText })}
    </p>
  );
}
