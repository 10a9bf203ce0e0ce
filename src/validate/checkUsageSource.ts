import type { UsageSourceConfig } from '../config/config.js';
import { UsageSourceError } from '../contracts/usageSource.js';
import type { Logger } from '../log/logger.js';

export interface UsageSourceCheckResult {
  source: string;
  ok: boolean;
  /** What was found ("2 Parquet files, 36,500,000 rows, 2025-12-08 to 2026-12-07"), or the problem. */
  summary: string;
  firstDay: string | null;
  lastDay: string | null;
}

/** Connects to a usage source and checks its columns, as a run would read it. */
export async function checkUsageSource(config: UsageSourceConfig, baseDir: string, log: Logger): Promise<UsageSourceCheckResult> {
  const base = { source: config.name, firstDay: null, lastDay: null };
  let source;
  try {
    source = config.definition.create(config.options, { name: config.name, baseDir, log });
    const found = await source.check();
    return { ...base, ok: true, summary: found.summary, firstDay: found.firstDay, lastDay: found.lastDay };
  } catch (error) {
    const message = error instanceof UsageSourceError ? error.message : `usage source ${config.name}: ${(error as Error).message}`;
    return { ...base, ok: false, summary: message };
  } finally {
    await source?.close().catch(() => undefined);
  }
}
