import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";

/** The money charts' horizontal guides at round amounts (see moneyAxis), each labelled in dollars. */
export function ChartGridlines(p: { ticks: number[]; y: (cents: number) => number; left: number; right: number; language: Language }) {
  return (
    <>
      {p.ticks.map((cents) => (
        <g key={cents}>
          <line x1={p.left} x2={p.right} y1={p.y(cents)} y2={p.y(cents)} stroke="#ddd" />
          <text x={p.left - 6} y={p.y(cents) + 4} textAnchor="end" fontSize="12" fill="#444">
            {formatMoney(cents, p.language)}
          </text>
        </g>
      ))}
    </>
  );
}
