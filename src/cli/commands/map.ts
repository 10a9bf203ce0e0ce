import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import type { ConnectorConfig } from '../../config/config.js';
import { pointConnectorAtMapping } from '../../config/pointConnectorAtMapping.js';
import { loadMapping } from '../../mapping/loadMapping.js';
import { mappingSchema, type Mapping } from '../../mapping/mappingSchema.js';
import { BUNDLED } from '../../mapping/propose/matchField.js';
import { proposeMapping, type Proposal } from '../../mapping/propose/proposeMapping.js';
import { renderProposal } from '../../mapping/propose/renderProposal.js';
import { KEPT } from '../../mapping/propose/valueTables.js';
import { FatalError, UsageError } from '../../model/errors.js';
import type { CommandRunner } from '../commandRunner.js';
import { openConnector, selectConnectors } from '../connectorsFor.js';
import { print } from '../context.js';

interface MapOptions {
  connector?: string;
  out?: string;
  force?: boolean;
}

export function registerMap(program: Command, runner: CommandRunner): void {
  program
    .command('map')
    .description("propose a field mapping from the org's live schema, write it to mappings/<connector>.yaml and point the config at it")
    .option('--connector <name>', 'only this connector')
    .option('--out <file>', 'where to write the mapping (one connector only). Default: mappings/<connector>.yaml beside the config')
    .option('--force', 'overwrite an existing mapping file (choices made in the mapping in use are kept where the org still has the field)')
    .action((options: MapOptions, command: Command) =>
      runner.run(
        command,
        {
          prepare: (config) => {
            const entries = selectConnectors(config, options.connector);
            if (options.out && entries.length > 1) throw new UsageError('BAD_OPTION', `--out writes one file: add --connector (one of ${entries.map((e) => e.name).join(', ')})`);
            const baseDir = dirname(config.file);
            const targets = entries.map((entry) => ({ entry, file: options.out ? resolve(options.out) : resolve(baseDir, 'mappings', `${entry.name}.yaml`) }));
            for (const { file } of targets) {
              if (existsSync(file) && !options.force) throw new UsageError('MAPPING_EXISTS', `${relative(process.cwd(), file)} already exists; pass --force to propose it again (choices made in it are kept where the org still has the field)`);
            }
            return targets;
          },
        },
        async ({ config, prepared: targets }) => {
          let incomplete = false;
          for (const { entry, file } of targets) {
            const proposal = await proposeFor(entry);
            const text = renderProposal(proposal, { connector: entry.name, crm: entry.type, date: new Date().toISOString().slice(0, 10) });
            // What this command writes must load: a mapping the engine refuses is a bug here, not the user's to fix.
            const parsed = mappingSchema.safeParse(parse(text));
            if (!parsed.success) throw new Error(`the proposed mapping for ${entry.name} does not load: ${parsed.error.message}`);
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, text);
            const fromConfig = relative(dirname(config.file), file);
            const mappingPath = isAbsolute(fromConfig) || fromConfig.startsWith('..') ? file : `./${fromConfig}`;
            const edited = pointConnectorAtMapping(readFileSync(config.file, 'utf8'), entry.name, mappingPath);
            writeFileSync(config.file, edited.text);
            printSummary(entry, proposal, relative(process.cwd(), file) || file, relative(process.cwd(), config.file) || config.file, edited.removedOverrides);
            incomplete ||= proposal.objects.some((o) => o.fields.some((f) => f.unmatched));
          }
          print('Next: `vitals validate` (every mapped name against the org), `vitals setup-fields` (the score fields), then `vitals run`.');
          return incomplete ? 'mappingIncomplete' : 'ok';
        },
      ),
    );
}

/** Logs in, reads the schema of every object the mapping touches, and proposes. */
async function proposeFor(entry: ConnectorConfig): Promise<Proposal> {
  const connector = await openConnector(entry);
  try {
    const check = await connector.check();
    if (!check.ok) throw new FatalError('CRM_CHECK_FAILED', `${entry.name}: cannot read the org's schema: ${check.problems.join('; ')}`);
    return await proposeMapping(entry.mapping, bundledMapping(entry), (object) => connector.describeFields(object));
  } finally {
    await connector.close();
  }
}

/** The connector's shipped defaults, against which a person's own choices are told apart. */
function bundledMapping(entry: ConnectorConfig): Mapping {
  const file = entry.definition.defaultMapping;
  if (!file) return entry.mapping;
  return loadMapping(file, undefined, () => undefined, file).mapping ?? entry.mapping;
}

function printSummary(entry: ConnectorConfig, proposal: Proposal, file: string, configFile: string, removedOverrides: boolean): void {
  const fields = proposal.objects.flatMap((o) => [...o.fields, ...o.extras].map((f) => ({ object: o.object, field: f })));
  const matched = fields.filter(({ field }) => field.source !== undefined && !field.unmatched);
  const missing = fields.filter(({ field }) => field.source === undefined && !field.required && field.loses);
  print(`${entry.name}: wrote ${file} from the live schema (${proposal.objects.map((o) => o.source).join(', ')})`);
  // Fields named as the bundled mapping names them are the expected case; the others are the news.
  const renamed = matched.filter(({ field }) => typeof field.source === 'string' && !field.on.includes(BUNDLED) && !field.unmatched);
  print(`  ${matched.length} fields matched, ${matched.length - renamed.length} of them as the bundled mapping names them${renamed.length ? '; the others:' : ''}`);
  const width = Math.max(0, ...renamed.map(({ object, field }) => `${object}.${field.key}`.length));
  for (const { object, field } of renamed) print(`    ${`${object}.${field.key}`.padEnd(width)}  ${String(field.source)}  (${field.on.join(', ')})`);
  for (const o of proposal.objects) {
    for (const table of o.values) {
      const found = table.entries.filter((e) => e.why !== KEPT);
      if (found.length) print(`    ${`${o.object}.${table.canonical}`.padEnd(width)}  values: ${found.map((e) => `${e.crm} → ${e.canonical}`).join(', ')}`);
    }
  }
  if (missing.length) print(`  not in this org, scored without: ${missing.map(({ object, field }) => `${object}.${field.key}`).join(', ')}`);
  for (const warning of proposal.warnings) print(`  CHECK: ${warning}`);
  print(`  ${configFile}: connector ${entry.name} now reads ${file}${removedOverrides ? ' (its mappingOverrides are folded into it)' : ''}`);
}
