/** Why a card cannot be made or shown; `messageKey` is a translation key for staff. */
export class IssuingError extends Error {
  constructor(readonly code: "issuing_off" | "not_payable" | "card_exists" | "no_forms" | "address_missing" | "no_card" | "stripe") {
    super(code);
    this.name = "IssuingError";
  }
  get messageKey(): string {
    return `issuing.errors.${this.code}`;
  }
}
