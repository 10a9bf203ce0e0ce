/**
 * The usage-source contract: where product usage is read from (files, PostgreSQL, a warehouse),
 * beside the CRM connectors. The built-in sources live in `src/usage/sources/`; one written outside
 * the project implements this too and is loaded with `type: module`, like a connector.
 *
 * A source hands the engine daily aggregates per account, computed by the engine that holds the
 * data (DuckDB over files, the database itself): raw events never travel row by row into
 * JavaScript. Matching a source's account key to CRM accounts is the engine's job.
 */
import type { z } from 'zod';
import type { Logger } from '../log/logger.js';

import { VitalsError } from '../model/errors.js';

export { VitalsError };
export type { Logger } from '../log/logger.js';
export { registerSecret } from '../log/redact.js';

/**
 * One account's usage on one UTC day. A metric the source cannot tell is null (the measure built
 * on it is then left out, never read as zero).
 */
export interface UsageDay {
  /** The account key as the source holds it (a domain, an external id, a CRM id); the engine normalises it. */
  key: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Distinct users active that day. */
  activeUsers: number | null;
  /** Distinct users active in the 30 days ending that day (the day included). */
  activeUsers30d: number | null;
  /** Events (or sessions) that day. */
  events: number | null;
  /** Distinct features used in the 30 days ending that day. */
  features30d: number | null;
  /** Licensed seats, when the source knows them. */
  seats: number | null;
}

export const USAGE_METRICS = ['activeUsers', 'activeUsers30d', 'events', 'features30d', 'seats'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

/** Days to read, both ends included, as `YYYY-MM-DD` (UTC). */
export interface UsageDayRange {
  from: string;
  to: string;
  /**
   * `to` is today: data dated after it is a day in the future (a time zone or column mistake) and
   * makes the read throw. Otherwise data after `to` is left unread: a later window reads it.
   */
  endsToday?: boolean;
}

export interface UsageSourceCheck {
  /** One line for `vitals validate`: what was found ("2 Parquet files, 36,500,000 rows, 2025-12-08 to 2026-12-07"). */
  summary: string;
  firstDay: string | null;
  lastDay: string | null;
}

export interface UsageSource {
  readonly name: string;
  /**
   * Connects, checks that the columns exist with usable types, and reads the days the data spans.
   * Throws a `UsageSourceError` naming what to fix.
   */
  check(): Promise<UsageSourceCheck>;
  /**
   * The daily aggregates of the days in `range`, in chunks (a few thousand rows each), any order;
   * each key's days together is fastest (the state then writes each key's rows in one place once).
   * For an events source, rolling 30-day metrics of a day count the events of the 29 days before
   * it too, even before `range.from`; a day inside the range on which an account had no event but
   * had some in the 29 days before still gets a row (events 0). With `range.endsToday`, data dated
   * after `range.to` makes the read throw a `UsageSourceError`; the engine stores nothing of a read
   * that throws.
   */
  readDays(range: UsageDayRange): AsyncIterable<UsageDay[]>;
  close(): Promise<void>;
}

export interface UsageSourceContext {
  /** The source's name in the config, for messages. */
  name: string;
  /** Directory relative paths in the config are read from. */
  baseDir: string;
  log: Logger;
}

export interface UsageSourceDefinition<Options = unknown> {
  /** The config's `type:` (`usage-files`, `usage-postgres`). */
  type: string;
  /** The source's own keys in its config entry (the engine owns name, type, match, lateDays, since). */
  optionsSchema: z.ZodType<Options>;
  create(options: Options, context: UsageSourceContext): UsageSource;
}

/** A source that cannot be read as configured: the message names the source, the file or query, and the column. */
export class UsageSourceError extends VitalsError {
  /** The source stops; the CRM part of the run goes on, and the run ends with failures (exit 1). */
  readonly action = 'fatal' as const;
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('USAGE_SOURCE', `usage source ${source}: ${message}`, options);
  }
}
