/**
 * The one parser for every amount of money a person types, in English or Spanish (es-US).
 *
 * - A point is a decimal mark; so is a comma followed by exactly one or two final digits
 *   ("50,00" = $50.00, "25,5" = $25.50).
 * - A point or comma before groups of exactly three digits separates thousands
 *   ("1,000" = "1.000" = $1,000; "1.234,56" = "1,234.56" = $1,234.56).
 * - Spaces and a leading "$" are ignored.
 * - Anything else is refused, never guessed: one character cannot be both the thousands and
 *   the decimal mark ("1,234,56"), a thousands group never starts with 0 ("0.500"), and a
 *   trailing mark ("50.") or a sign ("-5") is an error.
 *
 * Digits are read as text into integer cents: no floating point, never a ×100 slip.
 */
export type MoneyParse =
  | { ok: true; cents: number }
  | { ok: false; error: "blank" | "format" | "range" };

export type MoneyBounds = { min: number; max: number };

/** Longer whole-dollar parts are certainly out of any bound and would lose precision. */
const MAX_WHOLE_DIGITS = 13;

export function parseMoney(text: string, bounds: MoneyBounds): MoneyParse {
  const compact = text.replace(/\s/g, "");
  if (compact === "") return { ok: false, error: "blank" };
  const unsigned = compact.startsWith("$") ? compact.slice(1) : compact;
  const parts = splitAmount(unsigned);
  if (!parts) return { ok: false, error: "format" };
  const whole = parts.whole.replace(/^0+(?=\d)/, "");
  if (whole.length > MAX_WHOLE_DIGITS) return { ok: false, error: "range" };
  const cents = Number(whole || "0") * 100 + Number(parts.fraction.padEnd(2, "0"));
  if (cents < bounds.min || cents > bounds.max) return { ok: false, error: "range" };
  return { ok: true, cents };
}

/** Whole-dollar digits and up to two cent digits, or null when the text is not an amount. */
function splitAmount(text: string): { whole: string; fraction: string } | null {
  // whole part: plain digits, or 1-3 digits (not starting with 0) then groups of three after one mark
  const match = /^(?:(\d*)|([1-9]\d{0,2})(([.,])\d{3})+)(?:([.,])(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, plain, , , groupMark, decimalMark, fraction = ""] = match;
  if (groupMark !== undefined) {
    const whole = text.slice(0, decimalMark ? text.length - fraction.length - 1 : text.length);
    // every group uses the same mark, and the decimal mark (if any) is the other one
    if (whole.split(groupMark).some((g, i) => i > 0 && g.length !== 3) || /[.,]/.test(whole.replaceAll(groupMark, ""))) return null;
    if (decimalMark === groupMark) return null;
    return { whole: whole.replaceAll(groupMark, ""), fraction };
  }
  if (plain === "" && !decimalMark) return null;
  return { whole: plain ?? "", fraction };
}
