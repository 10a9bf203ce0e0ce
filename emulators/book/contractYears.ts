/**
 * The hidden side of an account's history, which its CRM records only reflect: the latent risk
 * it carried in each contract year and how that year ended. Data derived from the book (product
 * usage) reads it to tell the same story as the tickets and renewals; the engine never sees it.
 * Days are offsets from the book's as-of day, as in the generator.
 */
export interface ContractYear {
  startDay: number;
  /** The contract end: the renewal decided (won or lost) or, for the last one, still ahead. */
  endDay: number;
  /** Latent risk in standard deviations: the churn model's signals grow with it. */
  risk: number;
  /** ARR over the year, expansions included. */
  arr: number;
  outcome: 'won' | 'lost' | 'open';
}
