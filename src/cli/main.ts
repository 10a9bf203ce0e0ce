import { Command, CommanderError } from 'commander';
import { exitCodeFor, outcomeExitCodes, VitalsError } from '../model/errors.js';
import { redactText } from '../log/redact.js';
import { packageFile } from '../model/packagePaths.js';
import { readFileSync } from 'node:fs';
import { registerEmulate } from './commands/emulate.js';
import { registerBackfill } from './commands/backfill.js';
import { registerBacktest } from './commands/backtest.js';
import { registerReport } from './commands/report.js';
import { registerExplain } from './commands/explain.js';
import { registerInit } from './commands/init.js';
import { registerMap } from './commands/map.js';
import { registerRun } from './commands/run.js';
import { registerSchedule } from './commands/schedule.js';
import { registerScore } from './commands/score.js';
import { registerSetupFields } from './commands/setupFields.js';
import { registerStatus } from './commands/status.js';
import { registerSync } from './commands/sync.js';
import { registerValidate } from './commands/validate.js';
import { registerWriteback } from './commands/writeback.js';
import { CommandRunner } from './commandRunner.js';

export function buildProgram(runner: CommandRunner): Command {
  const program = new Command('vitals')
    .description('crm-vitals: customer health scores, churn risk and CSM tasks for Salesforce and HubSpot')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'config file', 'vitals.yaml')
    .showHelpAfterError('(run `vitals --help` for usage)')
    .exitOverride();
  registerInit(program, runner);
  registerMap(program, runner);
  registerValidate(program, runner);
  registerSync(program, runner);
  registerBackfill(program, runner);
  registerSetupFields(program, runner);
  registerScore(program, runner);
  registerWriteback(program, runner);
  registerRun(program, runner);
  registerSchedule(program, runner);
  registerStatus(program, runner);
  registerExplain(program, runner);
  registerBacktest(program, runner);
  registerReport(program, runner);
  registerEmulate(program, runner);
  return program;
}

/** Runs the CLI and returns the process exit code (see the table in `src/model/errors.ts`). */
export async function main(argv: string[]): Promise<number> {
  const runner = new CommandRunner();
  const program = buildProgram(runner);
  try {
    await program.parseAsync(argv);
    return runner.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0 through the same path as usage errors.
      return outcomeExitCodes[error.exitCode === 0 ? 'ok' : 'usage'];
    }
    const message = error instanceof VitalsError ? error.message : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`vitals: ${redactText(message)}\n`);
    return exitCodeFor(error);
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}
