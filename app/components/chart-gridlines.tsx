import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";

/** The money charts' horizontal guides at 0, half and the top, each labelled in dollars. */
export function ChartGridlines(p: { max: number; y: (cents: number) => number; left: number; right: number; language: Language }) {
  return (
    <>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={p.left} x2={p.right} y1={p.y(p.max * f)} y2={p.y(p.max * f)} stroke="#ddd" />
          <text x={p.left - 6} y={p.y(p.max * f) + 4} textAnchor="end" fontSize="11" fill="#444">
            {formatMoney(Math.round(p.max * f), p.language)}
          </text>
        </g>
      ))}
    </>
  );
}
