import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A table wider than a phone scrolls inside this box instead of widening the page. The box is a
 * named region that takes focus, so it can be scrolled from the keyboard (axe's
 * scrollable-region-focusable) and a screen reader says what it holds: "Table: …", so it is not
 * mistaken for the section of the same name around it.
 */
export function TableScroll({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" role="region" aria-label={t("common.tableScroll", { name: label })} tabIndex={0}>
      {children}
    </div>
  );
}
