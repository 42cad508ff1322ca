/** From this date USCIS takes no paper checks for fees, unless the case has a Form G-1651 exemption. */
export const CHECKS_END_ON = "2025-10-28";

/** A payment by check dated on or after the cut-off, for a case without a recorded G-1651 exemption. */
export function checkRefused(p: { method: string; paidOn: string; g1651Exemption: boolean }): boolean {
  return p.method === "check" && p.paidOn >= CHECKS_END_ON && !p.g1651Exemption;
}

export class CheckNotAcceptedError extends Error {
  constructor() {
    super("check_not_accepted");
  }
}
