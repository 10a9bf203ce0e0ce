import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinUsageSource, loadModuleUsageSource, usageSourceTypes } from '../../src/usage/registry.js';
import { createLogger } from '../../src/log/logger.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

it('lists the built-in types and module', () => {
  expect(usageSourceTypes()).toEqual(['usage-files', 'usage-postgres', 'module']);
  expect(builtinUsageSource('usage-files')?.type).toBe('usage-files');
  expect(builtinUsageSource('module')).toBeUndefined();
});

/** A source written outside the project: plain JavaScript, no import of this package. */
const EXTERNAL = `
export const usageSource = {
  type: 'warehouse-usage',
  optionsSchema: { parse: (v) => v, safeParse: (v) => ({ success: true, data: v }) },
  create(options, context) {
    return {
      name: context.name,
      async check() { return { summary: 'one day', firstDay: options.day, lastDay: options.day }; },
      async *readDays(range) {
        yield [{ key: 'acme.com', day: range.to, activeUsers: 3, activeUsers30d: 5, events: 40, features30d: null, seats: 10 }];
      },
      async close() {},
    };
  },
};
`;

it('loads a source from a module (named export), relative to the config folder, and reads it', async () => {
  writeFileSync(join(tempDir(), 'warehouse.mjs'), EXTERNAL);
  const definition = await loadModuleUsageSource('./warehouse.mjs', tempDir());
  if (typeof definition === 'string') throw new Error(definition);
  expect(definition.type).toBe('warehouse-usage');
  const source = definition.create(definition.optionsSchema.parse({ day: '2026-03-01' }), { name: 'wh', baseDir: tempDir(), log: createLogger('usage-test') });
  await expect(source.check()).resolves.toEqual({ summary: 'one day', firstDay: '2026-03-01', lastDay: '2026-03-01' });
  const chunks = [];
  for await (const chunk of source.readDays({ from: '2026-03-01', to: '2026-03-02' })) chunks.push(chunk);
  expect(chunks).toEqual([[expect.objectContaining({ key: 'acme.com', day: '2026-03-02', events: 40 })]]);
});

it('loads a default export too', async () => {
  writeFileSync(join(tempDir(), 'default.mjs'), EXTERNAL.replace('export const usageSource =', 'export default'));
  expect(await loadModuleUsageSource(join(tempDir(), 'default.mjs'), '/')).toMatchObject({ type: 'warehouse-usage' });
});

it('says what is wrong with a module that is missing or exports something else', async () => {
  writeFileSync(join(tempDir(), 'other.mjs'), 'export const connector = {};');
  expect(await loadModuleUsageSource('./other.mjs', tempDir())).toBe(
    'module "./other.mjs" does not export a usage source definition (default export or `usageSource` with type, optionsSchema and create)',
  );
  expect(await loadModuleUsageSource('./missing.mjs', tempDir())).toMatch(/^cannot load module "\.\/missing\.mjs": /);
});
