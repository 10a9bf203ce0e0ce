import type { UsageFiles } from './writeUsageFiles.js';

/**
 * The `usage:` entry of a config that reads the written daily aggregates and matches their keys
 * to a connector's accounts by website: what `vitals emulate --usage` prints to paste.
 */
export function usageConfigSnippet(files: UsageFiles, connector: string): string {
  return [
    'usage:',
    '  - name: product-usage',
    '    type: usage-files',
    `    path: ${JSON.stringify(files.daily.parquet)}`,
    '    format: daily',
    '    columns: { account: account_domain, day: day, metric: metric, value: value }',
    '    metrics: { activeUsers: dau, activeUsers30d: mau, events: sessions, features30d: features_30d, seats: seats }',
    `    match: { connector: ${connector}, field: website }`,
  ].join('\n');
}
