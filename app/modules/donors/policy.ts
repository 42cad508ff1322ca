/** An emailed donor-page link works this long, once. */
export const DONOR_LINK_MINUTES = 60;
/** A donor session is short: long enough to read the page and act; then a new link is needed. */
export const DONOR_SESSION_MINUTES = 30;
