import type { Book } from '../book/bookTypes.js';
import type { ContractYear } from '../book/contractYears.js';
import { generateBookWithHistory } from '../book/generateBook.js';

/**
 * The hidden contract years of a generated book, regenerated from its seed, size and as-of (a
 * fraction of a second for 2,000 accounts): the book itself keeps only what a CRM would show.
 * A book that generation does not reproduce (edited, or built by hand) has no such history.
 */
export function contractYearsOf(book: Book): ContractYear[][] {
  const { book: regenerated, contractYears } = generateBookWithHistory({
    accounts: book.accounts.length,
    seed: book.seed,
    asOf: book.asOf,
  });
  const differs = book.accounts.some((account, i) => {
    const twin = regenerated.accounts[i]!;
    return twin.name !== account.name || twin.createdAt !== account.createdAt || twin.renewalDate !== account.renewalDate;
  });
  if (differs) {
    throw new Error(`usage derives from a generated book's hidden history, and this book is not what generateBook gives for seed ${book.seed}, ${book.accounts.length} accounts, as of ${book.asOf}`);
  }
  return contractYears;
}
