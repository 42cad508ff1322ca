import { stringify } from "csv-stringify/sync";
import { isoInZone } from "../dates/dates";

/** Dollars from integer cents: written as a plain number with two decimals ("-555.00"). */
export type Dollars = { readonly dollarsFromCents: number };
export const dollars = (cents: number): Dollars => ({ dollarsFromCents: cents });

export type CsvCell = string | number | Dollars | Date | null;

/** Text a spreadsheet would run as a formula (or split oddly) starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell, timeZone: string): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return isoInZone(value, timeZone);
  if (typeof value === "object") return (value.dollarsFromCents / 100).toFixed(2);
  // Only text is neutralised: numbers above stay numbers, so a SUM over a column adds up.
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The one CSV writer for every export: RFC 4180 (CRLF, quoted where needed), UTF-8 with a BOM so
 * Excel reads "Lucía", timestamps in the organization's zone with their offset.
 */
export function toCsv(header: string[], rows: CsvCell[][], timeZone: string): string {
  return stringify([header, ...rows.map((row) => row.map((v) => cell(v, timeZone)))], { bom: true, record_delimiter: "\r\n" });
}

/** The response every CSV export sends: a download, never stored. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
