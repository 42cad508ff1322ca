/** A page address (/f/<slug>): lowercase words of letters and digits joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MIN = 3;
export const SLUG_MAX = 60;
/** Generated addresses stop here, leaving room for the suffix that keeps them unique. */
const GENERATED_MAX = 50;

/**
 * An address from the business's name and the page's title, in whole words: accents dropped,
 * anything else between words becomes one hyphen, and it stops before the word that would pass
 * the limit (a single word longer than the limit is the only thing ever cut).
 */
export function slugify(text: string): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const longer = slug ? `${slug}-${word}` : word;
    if (longer.length > GENERATED_MAX) break;
    slug = longer;
  }
  if (!slug && words[0]) slug = words[0].slice(0, GENERATED_MAX);
  return slug.length >= SLUG_MIN ? slug : slug ? `fundraiser-${slug}` : "fundraiser";
}
