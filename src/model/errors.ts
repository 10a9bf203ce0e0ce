/**
 * Errors say what the caller should do, carry a stable code, and map to exit codes here and
 * nowhere else.
 *
 * | exit | meaning                                                        |
 * |------|----------------------------------------------------------------|
 * | 0    | success                                                        |
 * | 1    | the run finished, but some records or writes failed (see `vitals status`) |
 * | 2    | bad usage or invalid config/mapping: nothing was done          |
 * | 3    | fatal: the run could not go on (auth refused, CRM unreachable after retries, state unreadable) |
 * | 75   | another run holds the lock: nothing was done, try again later (sysexits' EX_TEMPFAIL) |
 */
export const ExitCode = {
  ok: 0,
  finishedWithFailures: 1,
  usage: 2,
  fatal: 3,
  /** EX_TEMPFAIL of sysexits.h: schedulers and cron wrappers read it as "try again later". */
  busy: 75,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * How a command ended, and the exit code each ending gives. Commands name what happened; which
 * code that is gets decided in this table alone.
 */
export const outcomeExitCodes = {
  ok: ExitCode.ok,
  /** Records quarantined or writes refused by the CRM; the run went on (see `vitals status`). */
  recordsFailed: ExitCode.finishedWithFailures,
  /** A connector stopped early, at Ctrl-C or before the API budget reserve: the next run resumes. */
  stoppedEarly: ExitCode.finishedWithFailures,
  /** `vitals run`: some connector's records, writes, tasks or scoring failed; the run went on. */
  jobFailed: ExitCode.finishedWithFailures,
  /** A full pull or id sweep found more of an object gone than `deletes.maxSharePercent`, and deleted none (`--confirm-deletes`). */
  deletesHeld: ExitCode.finishedWithFailures,
  /** A usage source could not be read; the CRM part went on (`vitals status` says why). */
  usageFailed: ExitCode.finishedWithFailures,
  /** Another run holds the run lock: nothing was done; the next attempt may go ahead. */
  lockHeld: ExitCode.busy,
  /** `setup-fields`: some fields must be created by hand. */
  manualStepsLeft: ExitCode.finishedWithFailures,
  /** `map`: the mapping is written, but a required field was not found in the org and must be named by hand. */
  mappingIncomplete: ExitCode.finishedWithFailures,
  /** `validate`: a connector check failed (credentials, mapped fields, budget). */
  checksFailed: ExitCode.usage,
  /** Bad command line, config or mapping: nothing was done. */
  usage: ExitCode.usage,
  /** The run could not go on: credentials refused, CRM unreachable after retries, state unreadable, a bug. */
  fatal: ExitCode.fatal,
} as const satisfies Record<string, ExitCode>;
export type Outcome = keyof typeof outcomeExitCodes;

/** The exit code of a command that came to these outcomes: the worst of them. */
export function exitCodeOf(outcomes: readonly Outcome[]): ExitCode {
  return Math.max(ExitCode.ok, ...outcomes.map((o) => outcomeExitCodes[o])) as ExitCode;
}

/** What the caller should do about an error. */
export type ErrorAction =
  /** fix the config or the command line, then rerun */
  | 'fix-config'
  /** stop the run; a person must look (credentials, network, corrupt state) */
  | 'fatal'
  /** wait and try again (429, 5xx, reset); the retry policy decides how long */
  | 'retry'
  /** skip this record, quarantine it with the reason, go on with the run */
  | 'skip-record'
  /** stop the run cleanly at a checkpoint; the next run resumes (API budget reserve reached) */
  | 'stop-run';

export abstract class VitalsError extends Error {
  abstract readonly action: ErrorAction;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem in a config or mapping file, located by key path (and line when known). */
export interface ConfigProblem {
  /** Dotted key path, e.g. `connectors[0].auth.clientId`. */
  path: string;
  message: string;
  /** File the problem is in, when it is not the main config (e.g. a mapping file). */
  file?: string;
  line?: number;
}

export class ConfigError extends VitalsError {
  readonly action = 'fix-config' as const;
  readonly problems: ConfigProblem[];
  constructor(
    readonly file: string,
    problems: ConfigProblem[],
  ) {
    const sorted = byLocation(problems);
    super('CONFIG_INVALID', formatProblems(file, sorted));
    this.problems = sorted;
  }
}

export class UsageError extends VitalsError {
  readonly action = 'fix-config' as const;
}

export class FatalError extends VitalsError {
  readonly action = 'fatal' as const;
}

export class RetriableApiError extends VitalsError {
  readonly action = 'retry' as const;
  constructor(
    code: string,
    message: string,
    /** Server-requested wait (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export class RecordError extends VitalsError {
  readonly action = 'skip-record' as const;
}

/** The daily API allowance would cross the configured reserve: stop now, resume next run. */
export class BudgetReserveReached extends VitalsError {
  readonly action = 'stop-run' as const;
  constructor(
    readonly connector: string,
    readonly used: number,
    readonly remaining: number,
    readonly reserve: number,
    /** What the unfinished work still needs, when the connector can tell (e.g. pages left in a query). */
    readonly needed?: { calls: number; for: string },
  ) {
    super(
      'API_BUDGET_RESERVE',
      `${connector}: stopping before the daily API reserve: ${remaining} calls left today, ${reserve} kept in reserve; this run used ${used}` +
        `${needed ? ` and needs about ${needed.calls} more to finish ${needed.for}` : ''}. The next run resumes where this one stopped.`,
    );
  }
}

/** The outcome an error ends a command (or stops a connector) with. */
export function outcomeOfError(error: unknown): Outcome {
  if (error instanceof VitalsError && error.action === 'fix-config') return 'usage';
  if (error instanceof VitalsError && error.action === 'stop-run') return 'stoppedEarly';
  return 'fatal';
}

export function exitCodeFor(error: unknown): ExitCode {
  return outcomeExitCodes[outcomeOfError(error)];
}

function formatProblems(file: string, problems: ConfigProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((p) => {
    const where = `${p.file ?? file}${p.line ? `:${p.line}` : ''}`;
    return `  - ${p.path || '(top level)'}: ${p.message} [${where}]`;
  });
  return `${file} is invalid (${problems.length} ${noun}):\n${lines.join('\n')}`;
}

function byLocation(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}
