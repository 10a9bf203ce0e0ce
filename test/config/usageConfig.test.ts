import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/model/errors.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const connectors = `
connectors:
  - name: acme-sf
    type: salesforce
    auth: { clientId: id, clientSecret: secret }
`;

/** A usage source kept outside the project: a module exporting a definition. */
const MODULE = `
export default {
  type: 'in-house',
  optionsSchema: { safeParse: (v) => (typeof v.table === 'string' ? { success: true, data: v } : { success: false, error: { issues: [{ path: ['table'], message: 'expected a table name', code: 'custom' }] } }) },
  create: () => { throw new Error('not read in this test'); },
};
`;

async function load(usage: string, env: NodeJS.ProcessEnv = {}, options = {}) {
  const dir = tempDir();
  writeFileSync(join(dir, 'in-house.mjs'), MODULE);
  const file = join(dir, 'vitals.yaml');
  writeFileSync(file, `${connectors}usage:\n${usage}`);
  return loadConfig(file, env, options);
}

async function problemsOf(usage: string): Promise<string[]> {
  try {
    await load(usage);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('usage sources in the config', () => {
  it('loads a module source with the engine keys defaulted', async () => {
    const config = await load(`  - { name: product, type: module, module: ./in-house.mjs, options: { table: events }, match: { connector: acme-sf } }\n`);
    expect(config.usage).toHaveLength(1);
    expect(config.usage[0]).toMatchObject({ name: 'product', type: 'in-house', options: { table: 'events' }, match: { connector: 'acme-sf', field: 'website' }, lateDays: 3, since: null });
    expect(config.usage[0]!.setting).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ['an unknown connector', `  - { name: p, type: module, module: ./in-house.mjs, options: { table: t }, match: { connector: acme-hs } }`, 'usage[0].match.connector: no connector is named "acme-hs"; expected one of: acme-sf'],
    [
      'a match field the mapping does not read',
      `  - { name: p, type: module, module: ./in-house.mjs, options: { table: t }, match: { connector: acme-sf, field: external_id } }`,
      'usage[0].match.field: the mapping of acme-sf reads no external_id for accounts: add `external_id: <account field>` under objects.accounts.fields',
    ],
    ['an unknown type', `  - { name: p, type: usage-excel, match: { connector: acme-sf } }`, 'usage[0].type: unknown usage source type "usage-excel"; allowed:'],
    ['a module that exports no source', `  - { name: p, type: module, module: ./vitals.yaml, match: { connector: acme-sf } }`, 'usage[0].module: cannot load module "./vitals.yaml"'],
    ['bad module options', `  - { name: p, type: module, module: ./in-house.mjs, options: {}, match: { connector: acme-sf } }`, 'usage[0].options.table: expected a table name'],
    ['a name a connector has', `  - { name: acme-sf, type: module, module: ./in-house.mjs, options: { table: t }, match: { connector: acme-sf } }`, 'usage[0].name: "acme-sf" is used by a connector or another usage source'],
    ['a late window too long', `  - { name: p, type: module, module: ./in-house.mjs, options: { table: t }, match: { connector: acme-sf }, lateDays: 400 }`, 'usage[0].lateDays: must be at most 60'],
    ['a bad since', `  - { name: p, type: module, module: ./in-house.mjs, options: { table: t }, match: { connector: acme-sf }, since: 2025-13 }`, 'usage[0].since: expected a day as YYYY-MM-DD'],
  ])('reports %s, naming the key and the fix', async (_what, usage, expected) => {
    const problems = await problemsOf(`${usage}\n`);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('keeps a usage entry whose secret is unset for a command that reads only the state', async () => {
    const config = await load(`  - { name: p, type: module, module: ./in-house.mjs, options: { table: "\${USAGE_TABLE}" }, match: { connector: acme-sf } }\n`, {}, { crm: false });
    expect(config.usage[0]!.unsetVariables).toEqual(['USAGE_TABLE']);
  });
});
