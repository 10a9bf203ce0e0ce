import type { AccountInputs } from './accountInputs.js';

/**
 * A connector's book as scoring reads it: chunks of accounts, always in the same order. Each
 * call to `chunks` reads the book afresh, so a pass over it holds one chunk at a time: at 100,000
 * accounts the whole book (1.5 million tickets and opportunities) would not fit the memory budget.
 */
export interface BookSource {
  chunks(): Iterable<readonly AccountInputs[]>;
  /** The live accounts among `ids`, in any order (the churn model's training accounts). */
  read(ids: readonly string[]): AccountInputs[];
}
