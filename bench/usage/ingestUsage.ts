import type { UsageSourceConfig } from '../../src/config/config.js';
import type { UsageDay, UsageDayRange, UsageSource, UsageSourceDefinition } from '../../src/contracts/usageSource.js';
import { createLogger } from '../../src/log/logger.js';
import { builtinUsageSource } from '../../src/usage/registry.js';
import { readUsageSources } from '../../src/usage/readUsageSources.js';
import { openState } from '../../state/openState.js';

/**
 * One usage read as `vitals run` does it, in a process of its own so the bench measures its peak
 * RSS: `node ingestUsage.js STATE '{"type":"usage-files","options":{...},"now":"...","since":"..."}'`.
 * Prints the rows stored and where the time went: waiting on the source's engine (DuckDB or
 * PostgreSQL, converting its rows included) against storing in SQLite (the rest).
 */
export interface IngestSpec {
  type: string;
  options: unknown;
  now: string;
  since?: string;
  lateDays?: number;
}

export interface IngestResult {
  rows: number;
  wallMs: number;
  sourceMs: number;
  storeMs: number;
  error?: string;
}

/** Counts the time spent inside the source's iterator, between the engine's requests for rows. */
function timed(definition: UsageSourceDefinition<unknown>, clock: { ms: number }): UsageSourceDefinition<unknown> {
  return {
    ...definition,
    create(options, context): UsageSource {
      const source = definition.create(options, context);
      return {
        name: source.name,
        check: async () => {
          const started = performance.now();
          try {
            return await source.check();
          } finally {
            clock.ms += performance.now() - started;
          }
        },
        async *readDays(range: UsageDayRange): AsyncIterable<UsageDay[]> {
          const iterator = source.readDays(range)[Symbol.asyncIterator]();
          for (;;) {
            const started = performance.now();
            const next = await iterator.next();
            clock.ms += performance.now() - started;
            if (next.done) return;
            yield next.value;
          }
        },
        close: () => source.close(),
      };
    },
  };
}

async function main(): Promise<void> {
  const [statePath, specText] = process.argv.slice(2);
  const spec = JSON.parse(specText!) as IngestSpec;
  const definition = builtinUsageSource(spec.type);
  if (!definition) throw new Error(`no usage source type ${spec.type}`);
  const clock = { ms: 0 };
  const options = definition.optionsSchema.parse(spec.options);
  const config: UsageSourceConfig = {
    name: 'bench-usage',
    type: spec.type,
    definition: timed(definition, clock),
    options,
    match: { connector: 'bench', field: 'website' },
    lateDays: spec.lateDays ?? 3,
    since: spec.since ?? null,
    setting: JSON.stringify(spec.options),
  };
  const state = openState(statePath!);
  const started = performance.now();
  try {
    const [result] = await readUsageSources(state, [config], '/', createLogger('bench'), { now: new Date(spec.now) });
    const wallMs = performance.now() - started;
    const out: IngestResult = { rows: result!.rows, wallMs, sourceMs: clock.ms, storeMs: wallMs - clock.ms, ...(result!.error ? { error: result!.error } : {}) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    state.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
