import { relative } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../log/logger.js';
import { checkConnector, type ConnectorCheck } from '../../validate/checkConnector.js';
import { checkUsageSource, type UsageSourceCheckResult } from '../../validate/checkUsageSource.js';
import type { CommandRunner } from '../commandRunner.js';
import { print, printJson } from '../context.js';

export function registerValidate(program: Command, runner: CommandRunner): void {
  program
    .command('validate')
    .description('check the config and mappings; online, also credentials, mapped fields, API budget and the usage sources\' columns')
    .option('--offline', 'check config and mapping files only, without calling any CRM')
    .option('--json', 'print the result as JSON')
    .action((options: { offline?: boolean; json?: boolean }, command: Command) =>
      runner.run(command, {}, async ({ config }) => {
        const checks: ConnectorCheck[] = [];
        const usageChecks: UsageSourceCheckResult[] = [];
        if (!options.offline) {
          for (const entry of config.connectors) {
            const connector = await entry.definition.create({ name: entry.name, options: entry.options, logger: createLogger(entry.name), tasks: entry.mapping.tasks });
            try {
              checks.push(await checkConnector(connector, entry.mapping, entry.locateMappingEntry));
            } finally {
              await connector.close();
            }
          }
          for (const source of config.usage) usageChecks.push(await checkUsageSource(source, config.baseDir, createLogger(source.name)));
        }
        const ok = checks.every((c) => c.ok) && usageChecks.every((c) => c.ok);
        if (options.json) {
          printJson({
            ok,
            config: config.file,
            connectors: config.connectors.map((c) => ({ name: c.name, type: c.type, mapping: c.mappingFile })),
            usage: config.usage.map((u) => ({ name: u.name, type: u.type, match: u.match })),
            checks,
            usageChecks,
          });
        } else {
          print(`Config ${relative(process.cwd(), config.file) || config.file} is valid.`);
          print(`  state: ${config.statePath}`);
          for (const c of config.connectors) print(`  connector ${c.name} (${c.type}), mapping ${relative(process.cwd(), c.mappingFile)}`);
          for (const u of config.usage) print(`  usage ${u.name} (${u.type}), matched to ${u.match.connector} accounts by ${u.match.field}`);
          for (const job of config.schedule.jobs) print(`  schedule ${job.job}: "${job.cron}" (${config.schedule.timezone})`);
          for (const check of checks) {
            const budget = check.budget.dailyLimit !== undefined ? `, API ${check.budget.dailyRemaining ?? '?'}/${check.budget.dailyLimit} left today` : '';
            print(`${check.ok ? 'OK  ' : 'FAIL'} ${check.connector}: ${check.identity}${budget}`);
            for (const problem of check.problems) print(`       - ${problem}`);
          }
          for (const check of usageChecks) print(`${check.ok ? 'OK  ' : 'FAIL'} ${check.ok ? `${check.source}: ` : ''}${check.summary}`);
        }
        return ok ? 'ok' : 'checksFailed';
      }),
    );
}
