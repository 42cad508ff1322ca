import type { ReactNode } from "react";

/**
 * A table wider than a phone scrolls inside this box instead of widening the page. The box is a
 * named region that takes focus, so it can be scrolled from the keyboard (axe's
 * scrollable-region-focusable) and a screen reader says what it holds.
 */
export function TableScroll({
  label,
  children,
}: {
  label: string;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
