/**
 * The need ahead (issue 18, ADR 0026): how much money the approved cases waiting for funds need,
 * by how soon their DACA expires. Published as aggregates only, under one rule:
 *
 * The public already knows `requests_waiting` (W). We publish cumulative buckets (expiring within
 * 30 ⊂ 60 ⊂ 90 ⊂ 150 days). Sorted with the anchors 0 and W, the published counts split the queue
 * into groups; a bucket is published only if every such group holds 0 or at least 5 cases, and
 * the bucket itself holds at least 5. Any difference of two published figures (or of one and W)
 * is a sum of consecutive groups, so it is 0 or at least 5: no group of 1–4 cases can be read or
 * derived. Amounts follow their bucket (a hidden bucket shows no amount), and counts are shown
 * rounded to 5.
 */

export const NEED_HORIZONS = [30, 60, 90, 150] as const;
export const MIN_GROUP = 5;

export type WaitingCase = { feeCents: number; daysUntilExpiry: number };

export type NeedBucket = {
  /** Expiring within this many days (already expired included: they are the most urgent). */
  days: number;
  published: boolean;
  /** Rounded to 5; null when hidden. */
  cases: number | null;
  /** What these cases need beyond the pool available today; null when hidden. */
  neededCents: number | null;
};

const safeGroup = (n: number) => n === 0 || n >= MIN_GROUP;

/** Which cumulative counts may be published, given the exact counts and the public total W. */
export function publishableBuckets(counts: readonly number[], waiting: number): boolean[] {
  const published = counts.map(() => false);
  let last = 0;
  for (const [i, count] of counts.entries()) {
    if (count >= MIN_GROUP && safeGroup(count - last)) {
      published[i] = true;
      last = count;
    }
  }
  // The rest of the queue (W minus the largest published bucket) is public too: if it is 1–4,
  // drop published buckets from the top until the gap to W is safe (at worst, none is published).
  for (let i = counts.length - 1; i >= 0; i--) {
    if (!published[i]) continue;
    if (safeGroup(waiting - counts[i]!)) break;
    published[i] = false;
  }
  return published;
}

export const roundToFive = (n: number) => Math.round(n / MIN_GROUP) * MIN_GROUP;

/** The buckets as published, from the waiting cases and the pool available to allocate. */
export function needAhead(cases: readonly WaitingCase[], poolAvailableCents: number): NeedBucket[] {
  const within = NEED_HORIZONS.map((days) => cases.filter((c) => c.daysUntilExpiry <= days));
  const published = publishableBuckets(
    within.map((group) => group.length),
    cases.length,
  );
  return NEED_HORIZONS.map((days, i) => {
    if (!published[i]) return { days, published: false, cases: null, neededCents: null };
    const fees = within[i]!.reduce((sum, c) => sum + c.feeCents, 0);
    return { days, published: true, cases: roundToFive(within[i]!.length), neededCents: Math.max(0, fees - poolAvailableCents) };
  });
}
