import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatMoney } from "~/modules/i18n/format";
import { ChartGridlines } from "./chart-gridlines";
import { labelledIndexes, monthLabel, moneyAxis } from "./chart-scale";
import { TableScroll } from "./table-scroll";

type Point = { month: string; raisedCents: number; allocatedCents: number; paidCents: number };

const series = [
  { key: "raisedCents", color: "#1f4d3a", dash: "" },
  { key: "allocatedCents", color: "#b35c00", dash: "6 4" },
  { key: "paidCents", color: "#3a4fb3", dash: "2 3" },
] as const;

/**
 * Cumulative raised / allocated / paid, drawn on the server as SVG (works without JavaScript),
 * with the same numbers in a table for screen readers and print.
 */
export function MoneyChart({ points, language }: { points: Point[]; language: Language }) {
  const { t } = useTranslation();
  const width = 640;
  const height = 260;
  const pad = { left: 70, right: 16, top: 16, bottom: 36 };
  const { top: max, ticks } = moneyAxis(Math.max(0, ...points.flatMap((p) => [p.raisedCents, p.allocatedCents, p.paidCents])));
  const labelled = labelledIndexes(points.length);
  const x = (i: number) => pad.left + (points.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const labels = { raisedCents: t("transparency.raised"), allocatedCents: t("transparency.allocated"), paidCents: t("transparency.paid") };
  return (
    <figure className="money-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="money-chart-title">
        <title id="money-chart-title">{t("transparency.chartTitle")}</title>
        <ChartGridlines ticks={ticks} y={y} left={pad.left} right={width - pad.right} language={language} />
        {points.map((p, i) =>
          labelled.has(i) ? (
            // The last label ends at the last point, so it is never cut at the chart's edge.
            <text key={p.month} x={x(i)} y={height - 12} textAnchor={i === points.length - 1 && i > 0 ? "end" : "middle"} fontSize="12" fill="#444">
              {monthLabel(p.month, language)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={s.color}
            strokeWidth="2.5"
            strokeDasharray={s.dash}
            points={points.map((p, i) => `${x(i)},${y(p[s.key])}`).join(" ")}
          />
        ))}
        {series.map((s) =>
          points.map((p, i) => <circle key={`${s.key}-${p.month}`} cx={x(i)} cy={y(p[s.key])} r="3" fill={s.color} />),
        )}
      </svg>
      <figcaption>
        <ul className="legend">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" x2="28" y1="5" y2="5" stroke={s.color} strokeWidth="3" strokeDasharray={s.dash} />
              </svg>{" "}
              {labels[s.key]}
            </li>
          ))}
        </ul>
      </figcaption>
      <TableScroll label={t("transparency.chartTitle")}>
        <table>
          <caption className="visually-hidden">{t("transparency.chartTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("transparency.month")}</th>
              <th scope="col">{labels.raisedCents}</th>
              <th scope="col">{labels.allocatedCents}</th>
              <th scope="col">{labels.paidCents}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month}>
                <th scope="row">{monthLabel(p.month, language, "long")}</th>
                <td>{formatMoney(p.raisedCents, language)}</td>
                <td>{formatMoney(p.allocatedCents, language)}</td>
                <td>{formatMoney(p.paidCents, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}
