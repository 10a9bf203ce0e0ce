import { z } from 'zod';

/** The `deletes:` section: finding records deleted for good, which no change feed shows. */
export interface DeletesConfig {
  sweepEveryDays: number;
  maxSharePercent: number;
}

export const deletesConfigSchema = z.strictObject({
  /**
   * Days between id sweeps, which read every id of each object (nothing else) and mark deleted
   * the stored records the CRM no longer has. A sweep also runs whenever the last sync is older
   * than the CRM keeps deletes visible (Salesforce 15 days, HubSpot 90). 0 sweeps on every sync.
   * @default 7
   */
  sweepEveryDays: z.number().min(0).max(365).default(7),
  /**
   * Largest share of an object's records, in percent, one full pull or sweep marks deleted
   * unasked. Records also vanish from the integration user's view when a permission or sharing
   * rule changes: above this share nothing is deleted until a run passes `--confirm-deletes`.
   * @default 10
   */
  maxSharePercent: z.number().min(0).max(100).default(10),
});
