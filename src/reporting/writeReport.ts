import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { UsageError } from '../model/errors.js';
import type { State } from '../../state/openState.js';
import { renderReportHtml } from './html/renderReportHtml.js';
import { readReportModel, type ReportModel } from './reportModel.js';
import { summaryText } from './summaryText.js';

export interface WriteReportOptions {
  /** Where the page goes; relative paths are read from the working directory. */
  htmlPath: string;
  /** Start of the report period (movers, tasks, runs). @default 7 days before now */
  since?: Date;
  /** One connector only. @default every configured connector */
  connector?: string;
  /** @default the current time */
  now?: Date;
}

export interface WrittenReport {
  /** Absolute path of the page. */
  path: string;
  /** The short text summary `vitals report` prints. */
  summaryText: string;
  bytes: number;
  model: ReportModel;
}

/**
 * The portfolio report: one self-contained HTML page from the state (no CRM call), and its text
 * summary. Used by `vitals report` and by the demo.
 */
export async function writeReport(state: State, config: Config, options: WriteReportOptions): Promise<WrittenReport> {
  const names = config.connectors.map((c) => c.name);
  if (options.connector !== undefined && !names.includes(options.connector)) {
    throw new UsageError('UNKNOWN_CONNECTOR', `no connector named "${options.connector}" in ${config.file}; configured: ${names.join(', ')}`);
  }
  const selected = options.connector !== undefined ? [options.connector] : names;
  const model = readReportModel(state, config, selected, { since: options.since, now: options.now });
  const title = `crm-vitals portfolio report${options.connector ? ` — ${options.connector}` : ''}`;
  const html = await renderReportHtml(model, title);
  const path = resolve(options.htmlPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, html);
  const bytes = Buffer.byteLength(html);
  return { path, summaryText: summaryText(model, path, bytes), bytes, model };
}
