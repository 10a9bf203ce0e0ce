import type { BacktestReport } from '../model/backtest.js';
import { decimal, percentOf, wholeNumber } from './formatNumbers.js';

/**
 * The back-test in one sentence a VP of Customer Success reads without the metrics: how many of
 * the renewals lost were already red or yellow 60-90 days before, and how often renewals still
 * green then were lost anyway. Counted per renewal from what the back-test stored, never per
 * as-of row, so the percentages are of customers' renewals.
 */
export function backtestSentence(r: BacktestReport): string {
  const sentence = leadSentence(r);
  return r.usage && r.renewals > 0 ? `${sentence} ${usageSentence(r.usage)}` : sentence;
}

/** What product usage adds to the ranking of the renewals, in the back-test's own measure. */
function usageSentence(u: NonNullable<BacktestReport['usage']>): string {
  const change = u.auc > u.aucWithout + 0.005 ? 'improved' : u.auc < u.aucWithout - 0.005 ? 'worsened' : 'left unchanged';
  return `Product usage ${change} how well the churn risk ranked them (AUC ${decimal(u.auc)} with usage, ${decimal(u.aucWithout)} without).`;
}

function leadSentence(r: BacktestReport): string {
  if (r.renewals === 0) return 'No past renewal with an outcome to test against yet.';
  if (r.churnedRenewals === 0) return `None of the ${wholeNumber(r.renewals)} past renewals was lost, so there is no churn yet to test the scores against.`;
  const lead = r.leadTime;
  if (lead.churners === 0) return `${wholeNumber(r.churnedRenewals)} of ${wholeNumber(r.renewals)} past renewals were lost, but none was rebuilt 60–90 days before it (see scoring.risk.asOfDays), so the lead time is unknown.`;
  const lost = `Of the ${wholeNumber(lead.churners)} renewal${lead.churners === 1 ? '' : 's'} lost to churn, ${percentOf(lead.share, 0)} (${wholeNumber(lead.flagged)}) ${lead.flagged === 1 ? 'was' : 'were'} red or yellow 60–90 days before`;
  // Back-tests stored before the green figures were kept say only the first half.
  const green = lead.green;
  if (!green || lead.renewals === undefined) return `${lost}.`;
  if (green.renewals === 0) return `${lost}; no renewal was green then.`;
  const overall = lead.renewals > 0 ? lead.churners / lead.renewals : 0;
  return `${lost}; renewals still green then were lost at ${percentOf(green.rate, 0)}, against ${percentOf(overall, 0)} of all renewals.`;
}
