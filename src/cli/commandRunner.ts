import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config.js';
import { exitCodeOf, ExitCode, UsageError, type Outcome } from '../model/errors.js';
import { createLogger } from '../log/logger.js';
import { describeHolder, takeRunLock, type HeldRunLock } from '../run/runLock.js';
import { openState, type State } from '../../state/openState.js';
import { configFor, type GlobalOptions } from './context.js';
import { stopSignal } from './stopSignal.js';

/** What a command needs opened before it works; the runner closes it all again, in reverse. */
export interface CommandNeeds {
  /** Load the config named by `-c`. @default true (`init` writes it, `emulate` needs none) */
  config?: boolean;
  /**
   * false: the command sends nothing to a CRM (it reads the state), so the CRM variables its
   * connectors' options reference need not be set (`LoadConfigOptions.crm`). @default true
   */
  crm?: boolean;
  /**
   * `write`: open the state, creating it. `read`: the state must exist, else a usage error that
   * says to run `missing` first. `if-present`: null when there is none (reading creates no file).
   */
  state?: 'write' | 'read' | 'if-present';
  /** What to run before this command when there is no state yet. @default 'run `vitals sync` first' */
  missing?: string;
  /** Take the run lock as this holder; when another run holds it the command does nothing (`lockHeld`). */
  lock?: string;
  /** Hand the command an AbortSignal that SIGINT/SIGTERM fire. */
  signal?: boolean;
}

export interface CommandContext<N extends CommandNeeds, P> {
  /** The `-c` file, resolved. */
  configFile: string;
  config: N extends { config: false } ? undefined : Config;
  /** What `prepare` made of the command line and the config. */
  prepared: P;
  state: N extends { state: 'write' | 'read' } ? State : N extends { state: 'if-present' } ? State | null : undefined;
  lock: N extends { lock: string } ? HeldRunLock : HeldRunLock | undefined;
  signal: N extends { signal: true } ? AbortSignal : undefined;
}

/** Outcomes a command reports; nothing means `ok`. */
export type CommandResult = Outcome | readonly Outcome[] | void;

/**
 * Every command runs through here: config → checks of the command line → state → run lock → stop
 * signal → the command → everything closed again, and the exit code from what the command reports
 * (`outcomeExitCodes` in src/model/errors.ts). Thrown errors go on to `main`, which prints and maps them.
 */
export class CommandRunner {
  private outcomes: Outcome[] = [];

  /** The exit code of what ran so far. */
  get exitCode(): ExitCode {
    return exitCodeOf(this.outcomes);
  }

  async run<N extends CommandNeeds, P = undefined>(
    command: Command,
    needs: N & {
      /** Checks the command line against the config before anything is opened: a mistyped connector must not create a state file. */
      prepare?: (config: Config) => P;
    },
    work: (context: CommandContext<N, P>) => Promise<CommandResult>,
  ): Promise<void> {
    const configFile = resolve(command.optsWithGlobals<GlobalOptions>().config);
    const verbose = command.opts<{ verbose?: boolean }>().verbose === true;
    const config = needs.config === false ? undefined : await configFor(configFile, { crm: needs.crm !== false, verbose });
    const prepared = (config && needs.prepare ? needs.prepare(config) : undefined) as P;
    const state = config && needs.state ? openStateFor(config, needs) : undefined;
    let lock: HeldRunLock | undefined;
    let stop: ReturnType<typeof stopSignal> | undefined;
    try {
      if (state && needs.lock) {
        const held = lockFor(state, needs.lock);
        if (!held) return this.report('lockHeld');
        lock = held;
      }
      stop = needs.signal ? stopSignal() : undefined;
      const context = { configFile, config, prepared, state, lock, signal: stop?.signal } as CommandContext<N, P>;
      this.report((await work(context)) ?? 'ok');
    } finally {
      stop?.dispose();
      lock?.release();
      state?.close();
    }
  }

  private report(result: Outcome | readonly Outcome[]): void {
    this.outcomes.push(...(typeof result === 'string' ? [result as Outcome] : result));
  }
}

function openStateFor(config: Config, needs: CommandNeeds): State | null {
  if (needs.state !== 'write' && !existsSync(config.statePath)) {
    if (needs.state === 'if-present') return null;
    throw new UsageError('NO_STATE', `no state yet at ${config.statePath}; ${needs.missing ?? 'run `vitals sync` first'}`);
  }
  return openState(config.statePath);
}

/** The run lock, or null after saying who holds it. */
function lockFor(state: State, holder: string): HeldRunLock | null {
  const lock = takeRunLock(state, holder);
  if ('held' in lock) {
    if (lock.held.tookOverFrom) createLogger('lock').warn('took over the run lock from a holder that is gone or silent', { from: describeHolder(lock.held.tookOverFrom) });
    return lock.held;
  }
  process.stderr.write(`vitals: another run holds the lock (${describeHolder(lock.heldBy)}); not starting a second one, try again when it ends\n`);
  return null;
}
