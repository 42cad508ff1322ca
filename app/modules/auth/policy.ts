export type Role = "admin" | "reviewer" | "host";
export const staffRoles: Role[] = ["admin", "reviewer"];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a session lives without use, and at most. Staff get short sessions. */
export function sessionLifetime(role: Role): { idleMs: number; absoluteMs: number } {
  return role === "host" ? { idleMs: 7 * DAY, absoluteMs: 30 * DAY } : { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR };
}

/** Staff (admins and reviewers: both can decrypt applicant data) must use a second factor; anyone who turned it on must use it. */
export function needsSecondFactor(user: { role: Role; totpEnabledAt: Date | null }): boolean {
  return staffRoles.includes(user.role) || user.totpEnabledAt !== null;
}

export const SIGN_IN_LINK_TTL_MS = 15 * MINUTE;
export const INVITE_LINK_TTL_MS = 7 * DAY;
