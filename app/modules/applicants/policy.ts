/** How long an emailed case link works (single use). */
export const CASE_LINK_TTL_HOURS = 72;
/** How long a case stays open in a browser after its link was used. */
export const CASE_SESSION_MINUTES = 30;
/** How long the link confirming a new email address works (single use). */
export const EMAIL_CHANGE_TTL_HOURS = 24;
