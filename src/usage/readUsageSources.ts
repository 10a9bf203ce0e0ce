import type { UsageSourceConfig } from '../config/config.js';
import { UsageSourceError, type UsageDay, type UsageSource } from '../contracts/usageSource.js';
import type { Logger } from '../log/logger.js';
import { dayOf, dayText, epochDay } from '../model/time.js';
import type { State } from '../../state/openState.js';
import { recordUsageFailure, restartUsageSource, usageKeyIds, usageReadState, UsageWindow, type StoredUsageDay } from '../../state/usageDays.js';
import { linkUsage } from './linkUsage.js';
import { normaliseUsageKey } from './usageKeys.js';

/**
 * Days read and stored per transaction: a first read of years of history commits as it goes, so
 * a killed read resumes from the last window stored, and no transaction grows with the history.
 * Memory does not grow with a window (rows stream through; a source bounds its own engine), and
 * a longer window writes each key's rows in fewer places: a window adds to every key's last page.
 */
const WINDOW_DAYS = 31;

export interface UsageReadResult {
  source: string;
  connector: string;
  /** Days read this run, `YYYY-MM-DD`, both ends included; null when nothing was read. */
  read: { from: string; to: string } | null;
  rows: number;
  /** Why the source stopped; what it stored before the failing window stays. */
  error?: string;
  /** How its keys matched the connector's accounts after the read. */
  matched?: { keys: number; accounts: number; unmatchedKeys: number };
  interrupted?: boolean;
}

export interface UsageReadOptions {
  signal?: AbortSignal;
  /** @default new Date() */
  now?: Date;
  /** Called after each window is stored (the run lock's heartbeat, a progress line). */
  onWindow?: (source: string, rows: number) => void;
}

/**
 * Reads every usage source into the state: the days since its last read, the last `lateDays` of
 * them again (late data replaces what was stored), in windows each stored whole or not at all. A
 * source that fails is recorded with its message and the others go on; this never throws for a
 * source's sake.
 */
export async function readUsageSources(
  state: State,
  sources: readonly UsageSourceConfig[],
  baseDir: string,
  log: Logger,
  options: UsageReadOptions = {},
): Promise<UsageReadResult[]> {
  const results: UsageReadResult[] = [];
  for (const config of sources) {
    if (options.signal?.aborted) break;
    results.push(await readOneSource(state, config, baseDir, log.child(config.name), options));
  }
  const linked = linkUsage(state, sources);
  for (const r of results) {
    const links = linked.find((l) => l.source === r.source);
    if (links) r.matched = { keys: links.keys, accounts: links.matchedAccounts, unmatchedKeys: links.match.unmatched.length };
  }
  return results;
}

async function readOneSource(state: State, config: UsageSourceConfig, baseDir: string, log: Logger, options: UsageReadOptions): Promise<UsageReadResult> {
  const result: UsageReadResult = { source: config.name, connector: config.match.connector, read: null, rows: 0 };
  const today = dayOf((options.now ?? new Date()).getTime());
  let stored = usageReadState(state, config.name);
  if (!stored || stored.setting !== config.setting) {
    if (stored) log.info('its settings changed (match field, format, columns or since): reading it again from the start');
    restartUsageSource(state, config.name, config.setting);
    stored = usageReadState(state, config.name)!;
  }
  let source: UsageSource | undefined;
  let window: UsageWindow | undefined;
  try {
    source = config.definition.create(config.options, { name: config.name, baseDir, log });
    const from = await firstDayToRead(source, config, stored.readThrough, stored.readFrom, today);
    if (from === null) {
      log.info('the source holds no usage yet');
      return result;
    }
    result.read = { from: dayText(from), to: dayText(today) };
    const keys = new KeyNormaliser(config.match.field);
    const keyIds = usageKeyIds(state, config.name);
    for (let start = from; start <= today; start += WINDOW_DAYS) {
      if (options.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      const end = Math.min(today, start + WINDOW_DAYS - 1);
      window = new UsageWindow(state, config.name, start, end, keyIds);
      for await (const chunk of source.readDays({ from: dayText(start), to: dayText(end), endsToday: end === today })) {
        storeDays(window, config, keys, chunk, start, end, today);
      }
      window.commit(new Date().toISOString());
      result.rows += window.rows;
      window = undefined;
      options.onWindow?.(config.name, result.rows);
    }
    log.debug(`read ${result.rows} daily rows, ${result.read.from} to ${result.read.to}`);
  } catch (error) {
    window?.rollback();
    const message = error instanceof UsageSourceError ? error.message : `usage source ${config.name}: ${(error as Error).message}`;
    result.error = message;
    recordUsageFailure(state, config.name, message, new Date().toISOString());
    log.error(message);
  } finally {
    await source?.close().catch(() => undefined);
  }
  return result;
}

/**
 * From the day after the stored ones, less the late-data window; a first read from `since` or the
 * source's first day.
 */
async function firstDayToRead(source: UsageSource, config: UsageSourceConfig, readThrough: number | null, readFrom: number | null, today: number): Promise<number | null> {
  if (readThrough !== null) return Math.min(today, Math.max(readFrom ?? readThrough, readThrough - config.lateDays + 1));
  if (config.since !== null) return Math.min(today, epochDay(config.since)!);
  const check = await source.check();
  if (check.firstDay === null) return null;
  const first = epochDay(check.firstDay);
  if (first === null) throw new UsageSourceError(config.name, `its first day "${check.firstDay}" is not a day (YYYY-MM-DD)`);
  if (first > today) throw futureDay(config.name, check.firstDay, today);
  return first;
}

/**
 * Normalises raw keys once per run of rows with the same raw key: sources hand each key's days out
 * together, so a year of a key is normalised once, and no map of every raw key is kept (with the
 * key ids, the largest thing a read would hold: V8 lets its heap grow with what stays alive).
 */
class KeyNormaliser {
  private lastRaw: string | undefined;
  private lastKey: string | null = null;
  constructor(private readonly field: UsageSourceConfig['match']['field']) {}

  key(raw: string): string | null {
    if (raw !== this.lastRaw) {
      this.lastRaw = raw;
      this.lastKey = normaliseUsageKey(this.field, raw);
    }
    return this.lastKey;
  }
}

/** `YYYY-MM-DD` to days since 1970, for the few distinct days of a window. */
const dayCache = new Map<string, number | null>();
function cachedEpochDay(text: string): number | null {
  let day = dayCache.get(text);
  if (day === undefined) {
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(text, (day = epochDay(text)));
  }
  return day;
}

/** Hands a chunk's rows to the window through one reused row, not a copy of each. */
function storeDays(window: UsageWindow, config: UsageSourceConfig, keys: KeyNormaliser, chunk: readonly UsageDay[], from: number, to: number, today: number): void {
  const row: StoredUsageDay = { key: '', rawKey: '', day: 0, activeUsers: null, activeUsers30d: null, events: null, features30d: null, seats: null };
  for (const r of chunk) {
    const day = cachedEpochDay(r.day);
    if (day === null) throw new UsageSourceError(config.name, `it gave the day "${r.day}", which is not a day (YYYY-MM-DD)`);
    if (day > today) throw futureDay(config.name, r.day, today);
    // Outside the window asked for: another window reads it (a source may hand out a neighbour day).
    if (day < from || day > to) continue;
    const key = keys.key(String(r.key ?? ''));
    if (key === null) continue;
    row.key = key;
    row.rawKey = r.key;
    row.day = day;
    row.activeUsers = finite(r.activeUsers);
    row.activeUsers30d = finite(r.activeUsers30d);
    row.events = finite(r.events);
    row.features30d = finite(r.features30d);
    row.seats = finite(r.seats);
    window.add(row);
  }
}

function futureDay(source: string, day: string, today: number): UsageSourceError {
  return new UsageSourceError(
    source,
    `it has usage dated ${day}, after today (${dayText(today)} UTC): check that the time column is the event's time in UTC (a local time zone or another date column moves days)`,
  );
}

function finite(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
