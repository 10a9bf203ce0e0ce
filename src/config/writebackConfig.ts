import { z } from 'zod';

/** The `writeback:` section: how score write-back treats records the CRM rejects. */
export interface WritebackConfig {
  maxAttempts: number;
  sampleSize: number;
}

export const writebackConfigSchema = z.strictObject({
  /**
   * Attempts per record and value (and per task) before giving up; a given-up write is reported
   * by `vitals status` and sent again only when the value changes. @default 5
   */
  maxAttempts: z.number().int().min(1).max(100).default(5),
  /** Records (with all their changed fields) and tasks listed per connector by `writeback --dry-run`. @default 10 */
  sampleSize: z.number().int().min(0).max(10_000).default(10),
});
