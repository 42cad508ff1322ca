import { useTranslation } from "react-i18next";
import type { Language } from "~/modules/i18n/config";
import { formatDate } from "~/modules/dates/format";
import { formatMoney, formatNumber } from "~/modules/i18n/format";
import { ChartGridlines } from "./chart-gridlines";
import { moneyAxis } from "./chart-scale";
import { TableScroll } from "./table-scroll";

type Point = { date: string; gifts: number; cents: number; cumulativeCents: number };

/**
 * Money raised through a page over time: daily gifts as bars and the running total as a line,
 * drawn on the server as SVG, with the same numbers in a table.
 */
export function GiftsChart({ points, language }: { points: Point[]; language: Language }) {
  const { t } = useTranslation();
  const width = 640;
  const height = 240;
  const pad = { left: 70, right: 16, top: 16, bottom: 36 };
  const { top: max, ticks } = moneyAxis(Math.max(0, ...points.map((p) => p.cumulativeCents)));
  const step = (width - pad.left - pad.right) / Math.max(1, points.length);
  const x = (i: number) => pad.left + step * i + step / 2;
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="money-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="gifts-chart-title">
        <title id="gifts-chart-title">{t("host.dashboard.chartTitle")}</title>
        <ChartGridlines ticks={ticks} y={y} left={pad.left} right={width - pad.right} language={language} />
        {points.map((p, i) => (
          <rect key={`bar-${p.date}`} x={x(i) - Math.min(18, step / 3)} width={Math.min(36, (2 * step) / 3)} y={y(p.cents)} height={y(0) - y(p.cents)} fill="#9cc5b0" />
        ))}
        <polyline fill="none" stroke="#1f4d3a" strokeWidth="2.5" points={points.map((p, i) => `${x(i)},${y(p.cumulativeCents)}`).join(" ")} />
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text key={`label-${p.date}`} x={x(i)} y={height - 12} textAnchor="middle" fontSize="11" fill="#444">
              {p.date.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption>{t("host.dashboard.chartLegend")}</figcaption>
      <TableScroll label={t("host.dashboard.chartTitle")}>
        <table>
          <caption className="visually-hidden">{t("host.dashboard.chartTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("host.dashboard.date")}</th>
              <th scope="col">{t("host.dashboard.giftsThatDay")}</th>
              <th scope="col">{t("host.dashboard.amountThatDay")}</th>
              <th scope="col">{t("host.dashboard.runningTotal")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.date}>
                <th scope="row">{formatDate(p.date, language)}</th>
                <td>{formatNumber(p.gifts, language)}</td>
                <td>{formatMoney(p.cents, language)}</td>
                <td>{formatMoney(p.cumulativeCents, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}
