import { churnedAt } from '../../src/scoring/churn/renewalCases.js';
import { scoredText } from '../../src/scoring/snapshotRecord.js';
import type { AccountInputs, ScoringOpportunity } from '../../src/model/accountInputs.js';

describe('what a score pass says it scored', () => {
  it.each([
    [{ accounts: 1690, churned: 310 }, '1,690 customers scored; 310 churned accounts are not scored (last renewal lost, nothing won since)'],
    [{ accounts: 1, churned: 1 }, '1 customer scored; 1 churned account is not scored (last renewal lost, nothing won since)'],
    [{ accounts: 2000, churned: 0 }, '2,000 customers scored'],
  ])('%j', (summary, text) => expect(scoredText(summary)).toBe(text));
});

describe('when an account churned', () => {
  const day = (iso: string) => Date.parse(iso);
  const opp = (o: Partial<ScoringOpportunity>): ScoringOpportunity =>
    ({ id: 'o', type: 'renewal', stage: null, probability: null, isClosed: true, isWon: false, amount: 0, amountAtCurrentRate: 0, closeMs: null, createdMs: null, ...o }) as ScoringOpportunity;
  const account = (opportunities: ScoringOpportunity[]) => ({ opportunities }) as unknown as AccountInputs;

  it.each([
    ['its last renewal was lost', [opp({ isWon: true, closeMs: day('2025-01-31') }), opp({ closeMs: day('2026-01-31') })], day('2026-01-31')],
    ['its last renewal was won', [opp({ closeMs: day('2025-01-31') }), opp({ isWon: true, closeMs: day('2026-01-31') })], null],
    ['a new deal is open after the loss', [opp({ closeMs: day('2026-01-31') }), opp({ type: 'new', isClosed: false })], null],
    ['no renewal closed yet', [opp({ isClosed: false })], null],
  ])('%s', (_case, opportunities, expected) => expect(churnedAt(account(opportunities))).toBe(expected));
});
