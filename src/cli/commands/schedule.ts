import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { createLogger } from '../../log/logger.js';
import { Scheduler } from '../../scheduler/scheduler.js';
import type { CommandRunner } from '../commandRunner.js';
import { VERBOSE_HELP } from '../context.js';
import { openConnector } from '../connectorsFor.js';

export function registerSchedule(program: Command, runner: CommandRunner): void {
  program
    .command('schedule')
    .description("long-running: run the config's schedule jobs (cron), never two runs at once; SIGINT/SIGTERM stop cleanly")
    .option('--verbose', VERBOSE_HELP)
    .action((_options: unknown, command: Command) =>
      // The scheduler takes SIGINT/SIGTERM itself: it must stop scheduling as well as the run in flight.
      runner.run(command, {}, async ({ config }) => {
        if (config.schedule.jobs.length === 0) {
          throw new UsageError('NO_SCHEDULE', `${config.file} has no schedule: add schedule.run (e.g. "0 */4 * * *") and/or schedule.sync`);
        }
        const log = createLogger('schedule');
        const scheduler = new Scheduler(config, { open: openConnector, log });
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = (signal: NodeJS.Signals) => {
            if (stopping) process.exit(130); // a second signal means now
            stopping = true;
            log.info('stopping: the run in flight finishes its batch, then the lock is released', { signal });
            void scheduler.stop().then(() => {
              process.off('SIGINT', stop);
              process.off('SIGTERM', stop);
              log.info('stopped');
              resolve();
            });
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
          scheduler.start();
        });
      }),
    );
}
