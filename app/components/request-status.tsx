import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";

/** A request's status for staff; a funded case re-priced above what it holds reads "Funded, $X short". */
export function RequestStatus({ status, shortCents, language }: { status: string; shortCents?: number; language: Language }) {
  const { t } = useTranslation();
  if (status === "funded" && shortCents) return <>{t("requestStatus.fundedShort", { amount: formatMoney(shortCents, language) })}</>;
  return <>{t(`requestStatus.${status}`)}</>;
}
