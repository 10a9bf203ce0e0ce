import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CommandRunner } from '../commandRunner.js';
import { print } from '../context.js';

const integer = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError('BAD_OPTION', `--${name} expects a whole number from ${min} to ${max}, got "${value}"`);
  return n;
};

export function registerEmulate(program: Command, runner: CommandRunner): void {
  program
    .command('emulate')
    .description('serve local Salesforce and HubSpot emulators on 127.0.0.1 with a generated customer book')
    .option('--accounts <n>', 'accounts in the generated book', integer('accounts', 1, 1_000_000), 2000)
    .option('--seed <n>', 'seed: the same seed gives the same book', integer('seed', 0, 2 ** 31 - 1), 42)
    .option('--port <n>', 'Salesforce port; HubSpot uses this plus 10 (0: any free ports)', integer('port', 0, 65525), 4010)
    .action((options: { accounts: number; seed: number; port: number }, command: Command) =>
      // Serves emulators for a config to point at: it reads none, and stops on SIGINT/SIGTERM itself.
      runner.run(command, { config: false }, async () => {
        const started = Date.now();
        // Loaded here, like the report's renderer: the emulators are not part of any other command.
        const { emulatorCredentials, serveEmulators } = await import('../../emulate/serveEmulators.js');
        const served = await serveEmulators(options);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const { book } = served;
        print(`Serving ${book.accounts.length} accounts, ${book.opportunities.length} opportunities, ${book.tickets.length} tickets (seed ${book.seed}, as of ${book.asOf.slice(0, 10)}) in ${seconds}s`);
        print(`  Salesforce  ${served.salesforce.url}  (client credentials ${emulatorCredentials.salesforce.clientId} / ${emulatorCredentials.salesforce.clientSecret})`);
        print(`  HubSpot     ${served.hubspot.url}  (token ${emulatorCredentials.hubspot.accessToken}, portal ${served.hubspot.portalId})`);
        print('');
        print('Point a config at them (config.example.yaml reads these variables):');
        print(`  export SF_LOGIN_URL=${served.salesforce.url} SF_CLIENT_ID=${emulatorCredentials.salesforce.clientId} SF_CLIENT_SECRET=${emulatorCredentials.salesforce.clientSecret}`);
        print(`  export HUBSPOT_BASE_URL=${served.hubspot.url} HUBSPOT_TOKEN=${emulatorCredentials.hubspot.accessToken}`);
        print('Ctrl-C stops them.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await served.close();
      }),
    );
}
