import { useTranslation } from "react-i18next";
import { bankSaving, feeCoverFor, type CardRate, type FeeRates } from "~/modules/donations/pricing";
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
export function CardFeeHint({ id, giftCents, rate, language, bank = false }: { id: string; giftCents: number | null; rate: CardRate; language: Language; bank?: boolean }) {
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, language);
  const rateText = bank
    ? t("bankGifts.rate", { percent: percent(rate.basisPoints, language), cap: money(rate.capCents ?? 0) })
    : `${percent(rate.basisPoints, language)} + ${money(rate.fixedCents)}`;
  const fee = giftCents ? money(feeCoverFor(giftCents, rate)) : "";
  return (
    <p id={id} className="hint" aria-live="polite">
      {bank
        ? giftCents
          ? t("bankGifts.coverAmount", { fee, gift: money(giftCents), rate: rateText })
          : t("bankGifts.coverRule", { rate: rateText })
        : giftCents
          ? t("donate.coverFeesAmount", { fee, gift: money(giftCents), rate: rateText })
          : t("donate.coverFeesRule", { rate: rateText })}
    </p>
  );
}

/**
 * Paying by bank, suggested for larger gifts with what it saves the fund (computed from the
 * configured rates); before an amount is known (without JavaScript), both rates side by side.
 */
export function BankSuggestion({ giftCents, rates, language }: { giftCents: number | null; rates: FeeRates; language: Language }) {
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, language);
  if (giftCents === null)
    return (
      <p className="hint">
        {t("bankGifts.compare", {
          bank: t("bankGifts.rate", { percent: percent(rates.bank.basisPoints, language), cap: money(rates.bank.capCents ?? 0) }),
          card: `${percent(rates.card.basisPoints, language)} + ${money(rates.card.fixedCents)}`,
        })}
      </p>
    );
  return <p className="hint">{t("bankGifts.suggest", { saving: money(bankSaving(giftCents, rates)) })}</p>;
}
