import type { BookUser } from './bookTypes.js';
import type { BookRandom } from './bookRandom.js';
import { FIRST_NAMES, LAST_NAMES } from './bookNames.js';

export const ACCOUNTS_PER_USER = 40;
export const MIN_USERS = 5;
export const INACTIVE_USER_SHARE = 0.1;
const EMAIL_DOMAIN = 'crm-vitals.example';

export function userCountFor(accounts: number): number {
  return Math.max(MIN_USERS, Math.round(accounts / ACCOUNTS_PER_USER));
}

/**
 * The CRM's users (account owners). About a tenth have left the company but still own accounts,
 * as in real orgs where territories are not reassigned promptly; at least one is always inactive
 * so that owner fallback is exercised even in tiny books.
 */
export function generateUsers(rng: BookRandom, count: number): BookUser[] {
  const inactiveCount = Math.max(1, Math.round(count * INACTIVE_USER_SHARE));
  const inactive = new Set<number>();
  while (inactive.size < Math.min(inactiveCount, count)) inactive.add(rng.int(0, count - 1));
  const emails = new Set<string>();
  const users: BookUser[] = [];
  for (let index = 0; index < count; index++) {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const local = `${firstName}.${lastName}`.toLowerCase();
    let email = `${local}@${EMAIL_DOMAIN}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${EMAIL_DOMAIN}`;
    emails.add(email);
    users.push({ index, firstName, lastName, email, isActive: !inactive.has(index) });
  }
  return users;
}
