import type { Command } from 'commander';
import { MULTI_CURRENCY_ORG, ORG_SCHEMAS, type OrgSchemaName } from '../../../emulators/emulatorKit.js';
import type { Book } from '../../../emulators/book/bookTypes.js';
import { UsageError } from '../../model/errors.js';
import type { CommandRunner } from '../commandRunner.js';
import { print } from '../context.js';
import { choiceOption, integerOption } from '../optionParsers.js';

export function registerEmulate(program: Command, runner: CommandRunner): void {
  program
    .command('emulate')
    .description('serve the local CRM emulators (Salesforce, HubSpot) on 127.0.0.1 with a generated customer book')
    .option('--accounts <n>', 'accounts in the generated book', integerOption('accounts', 1, 1_000_000), 2000)
    .option('--seed <n>', 'seed: the same seed gives the same book', integerOption('seed', 0, 2 ** 31 - 1), 42)
    .option('--port <n>', 'port of the first emulator (Salesforce); each next one listens 10 above (0: any free ports)', integerOption('port', 0, 65525), 4010)
    // Orgs customised otherwise than the default mappings expect, to try `vitals map` on.
    .option('--schema <name>', `org schema the emulators start as (${ORG_SCHEMAS.join(', ')})`, choiceOption('schema', ORG_SCHEMAS), 'standard')
    // Multi-currency orgs (USD corporate; EUR, GBP, JPY accounts; Salesforce with dated rates).
    .option('--currencies', 'start multi-currency orgs: USD corporate currency, 20% of accounts in EUR, GBP or JPY', false)
    .option('--usage <dir>', "also write the served book's product usage (daily aggregates, Parquet and CSV) into DIR and print the config to read it")
    .action((options: { accounts: number; seed: number; port: number; schema: OrgSchemaName; currencies: boolean; usage?: string }, command: Command) =>
      // Serves emulators for a config to point at: it reads none, and stops on SIGINT/SIGTERM itself.
      runner.run(command, { config: false }, async () => {
        const started = Date.now();
        // Loaded here, like the report's renderer: the emulators are not part of any other command.
        const { serveEmulators } = await import('../../../emulators/serveEmulators.js');
        const { currencies, usage, ...rest } = options;
        const served = await serveEmulators({ ...rest, ...(currencies ? { currencies: MULTI_CURRENCY_ORG } : {}) }).catch((error: unknown) => {
          throw portRefused(error, options.port) ?? error;
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const { book } = served;
        const schema = (options.schema === 'standard' ? '' : ` (schema: ${options.schema})`) + (currencies ? ` (multi-currency: ${MULTI_CURRENCY_ORG.currencies.map((c) => c.code).join(', ')})` : '');
        print(`Serving ${book.accounts.length} accounts, ${book.opportunities.length} opportunities, ${book.tickets.length} tickets (seed ${book.seed}, as of ${book.asOf.slice(0, 10)}) in ${seconds}s${schema}`);
        for (const { label, emulator } of served.emulators) print(`  ${label.padEnd(11)} ${emulator.url}  (${emulator.login})`);
        print('');
        print('Point a config at them (config.example.yaml reads these variables):');
        print(`  export ${Object.entries(served.env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
        if (usage !== undefined) await printUsageFiles(book, usage);
        print('Ctrl-C stops them.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await served.close();
      }),
    );
}

/** The usage files of the served book, and the config entry that reads them against the example config's Salesforce connector. */
async function printUsageFiles(book: Book, dir: string): Promise<void> {
  const started = Date.now();
  const { writeUsageFiles } = await import('../../../emulators/usage/writeUsageFiles.js');
  const { usageConfigSnippet } = await import('../../../emulators/usage/usageConfigSnippet.js');
  const files = await writeUsageFiles(book, dir);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  print('');
  print(`Product usage: ${files.daily.rows.toLocaleString('en-US')} rows (a key, a day, a metric) for ${files.usage.keys.length} keys in ${files.daily.parquet} and ${files.daily.csv} (${seconds}s)`);
  print('Read it with (vitals.yaml; the keys are websites in varied forms, a few match no account):');
  for (const line of usageConfigSnippet(files, 'acme-sf').split('\n')) print(`  ${line}`);
  print('');
}

/** A port another process holds (or one this user may not open): the user's to change, not a crash. */
function portRefused(error: unknown, firstPort: number): UsageError | undefined {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return undefined;
  const which = port ?? firstPort;
  const why = code === 'EADDRINUSE' ? `port ${which} is already in use` : `not allowed to listen on port ${which}`;
  return new UsageError('PORT_UNAVAILABLE', `${why}; pass --port 0 to pick free ports, or another --port (each emulator listens 10 above the one before)`);
}
