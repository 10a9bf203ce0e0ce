import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runBackfill } from '../../src/backfill/runBackfill.js';
import type { ConnectorConfig } from '../../src/config/config.js';
import { parseYaml } from '../../src/config/yamlSource.js';
import { createLogger } from '../../src/log/logger.js';
import { mappingSchema } from '../../src/mapping/mappingSchema.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { openState } from '../../state/openState.js';
import { MemoryConnector } from '../support/memoryConnector.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const mapping = mappingSchema.parse(parseYaml(readFileSync(packageFile('mappings', 'salesforce.yaml'), 'utf8'), 'sf').value);
const entry = { name: 'mem', mapping } as unknown as ConnectorConfig;

describe('a resumed backfill', () => {
  it('counts what its earlier run read, so progress starts there rather than at 0', async () => {
    const state = openState(join(tempDir(), 'vitals.db'));
    const crm = new MemoryConnector('mem', 5);
    crm.records.set('Account', Array.from({ length: 23 }, (_, i) => ({ id: `A${String(i).padStart(3, '0')}`, modifiedAt: '2026-01-01T00:00:00.000Z', fields: { Name: `Account ${i}` } })));
    crm.failAfterPages = 2;
    const options = { objects: ['accounts'] as const };
    const first = await runBackfill(state, [entry], async () => crm, createLogger('test'), options);
    expect(first.results[0]).toMatchObject({ finished: false });

    crm.failAfterPages = Number.POSITIVE_INFINITY;
    const counted: [string, number][] = [];
    const pages: number[] = [];
    const resumed = await runBackfill(state, [entry], async () => crm, createLogger('test'), {
      ...options,
      onCount: (_connector, object, _total, already) => counted.push([object, already]),
      onPage: (_connector, outcome) => pages.push(outcome.pulled),
    });
    expect(resumed.results[0]).toMatchObject({ resumed: true, finished: true });
    expect(counted).toEqual([['accounts', 10]]);
    expect(10 + pages.at(-1)!).toBe(23);
    state.close();
  });
});
