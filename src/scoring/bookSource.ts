import type { AccountInputs } from '../model/accountInputs.js';
import type { BookSource } from '../model/bookSource.js';

/** A book already in memory (tests, one-off callers). */
export function bookInMemory(accounts: readonly AccountInputs[]): BookSource {
  return {
    chunks: () => [accounts],
    read: (ids) => {
      const wanted = new Set(ids);
      return accounts.filter((a) => wanted.has(a.id));
    },
  };
}
