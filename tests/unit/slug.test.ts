import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SLUG_MAX, SLUG_PATTERN, slugify } from "../../app/modules/fundraisers/slug";

describe("a fundraiser's generated address", () => {
  it("keeps whole words: never a cut word like …-for-daca-renewa", () => {
    expect(slugify("Café La Esquina Cafecito for DACA renewals in our neighborhood")).toBe("cafe-la-esquina-cafecito-for-daca-renewals-in-our");
    expect(slugify("Panadería Hermanos Núñez ¡Pan dulce para las renovaciones de DACA!")).toBe("panaderia-hermanos-nunez-pan-dulce-para-las");
    expect(slugify("Café Luna Coffee for DACA renewals")).toBe("cafe-luna-coffee-for-daca-renewals");
  });

  it("gives a usable address for names with no letters or only a very long word", () => {
    expect(slugify("☕ ☕")).toBe("fundraiser");
    expect(slugify("Al")).toBe("fundraiser-al");
    expect(slugify("x".repeat(80))).toHaveLength(50);
  });

  it("is always a valid address made of the text's first whole words, with room for a uniqueness suffix", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const slug = slugify(text);
        expect(slug).toMatch(SLUG_PATTERN);
        expect(slug.length).toBeLessThanOrEqual(SLUG_MAX - 10);
        const words = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
        const parts = slug.replace(/^fundraiser-?/, "").split("-").filter(Boolean);
        if (words.length && words[0]!.length <= 50 && parts.length) expect(parts).toEqual(words.slice(0, parts.length));
      }),
    );
  });
});
