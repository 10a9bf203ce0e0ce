import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { ConfigError } from '../../src/model/errors.js';
import { redactText } from '../../src/log/redact.js';
import { packageFile } from '../../src/model/packagePaths.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const sf = `
  - name: acme-sf
    type: salesforce
    auth: { clientId: id, clientSecret: secret }`;
const hs = `
  - name: acme-hs
    type: hubspot
    auth: { accessToken: "\${HS_TOKEN}" }`;

async function load(yaml: string, env: NodeJS.ProcessEnv = { HS_TOKEN: 'pat-na1-abcdef' }) {
  const file = join(tempDir(), 'vitals.yaml');
  writeFileSync(file, yaml);
  return loadConfig(file, env);
}

async function problemsOf(yaml: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    await load(yaml, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}${p.line ? ` @${p.line}` : ''}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts the shipped example, with defaults applied and paths made absolute', async () => {
    const config = await loadConfig(packageFile('config.example.yaml'), {});
    expect(config.connectors.map((c) => [c.name, c.type])).toEqual([
      ['acme-sf', 'salesforce'],
      ['acme-hs', 'hubspot'],
    ]);
    expect(config.statePath).toBe(packageFile('vitals.db'));
    expect(config.connectors[0]!.options).toMatchObject({ apiVersion: '62.0', limits: { reserveDailyApiPercent: 20, concurrency: 4 } });
    expect(config.connectors[0]!.mapping.objects.accounts.fields.arr).toBe('AnnualRevenue');
    expect(config.schedule.jobs).toEqual([
      { job: 'run', cron: '0 */4 * * *' },
      { job: 'sync', cron: '*/15 * * * *' },
    ]);
  });

  it('fills defaults for a minimal config', async () => {
    const config = await load(`connectors:${sf}`);
    expect(config.statePath).toBe(join(tempDir(), 'vitals.db'));
    expect(config.connectors[0]!.options).toEqual({
      loginUrl: 'https://login.salesforce.com',
      auth: { clientId: 'id', clientSecret: 'secret' },
      apiVersion: '62.0',
      limits: { reserveDailyApiPercent: 20, concurrency: 4 },
      bulkThreshold: 50000,
    });
    expect(config.connectors[0]!.mapping.writeback.fields.health_score).toEqual({ field: 'Health_Score__c', policy: 'always' });
    expect(config.schedule).toEqual({ jobs: [], timezone: 'UTC' });
    expect(config.log.level).toBe('info');
  });

  it('interpolates ${ENV}, with fallbacks and $${ESCAPES}, and registers values as secrets', async () => {
    const config = await load(
      `state: "\${STATE_DIR:-.}/state.db"\nconnectors:${hs}\n    baseUrl: "http://127.0.0.1:\${PORT}/$\${literal}"`,
      { HS_TOKEN: 'pat-na1-supersecret', PORT: '4020' },
    );
    expect(config.statePath).toBe(join(tempDir(), 'state.db'));
    expect(config.connectors[0]!.options).toMatchObject({ auth: { accessToken: 'pat-na1-supersecret' }, baseUrl: 'http://127.0.0.1:4020/${literal}' });
    expect(redactText('token is pat-na1-supersecret')).toBe('token is [redacted]');
  });

  it('accepts an unquoted numeric apiVersion as YAML reads it', async () => {
    const config = await load(`connectors:${sf}\n    apiVersion: 61.0`);
    expect(config.connectors[0]!.options).toMatchObject({ apiVersion: '61.0' });
  });

  it.each([
    ['a missing environment variable', `connectors:${hs}`, {}, ['connectors[0].auth.accessToken: environment variable HS_TOKEN is not set; export HS_TOKEN=... or write ${HS_TOKEN:-default} @4']],
    ['an unknown top-level key, with a suggestion', `connectors:${sf}\nschedual: {}`, undefined, ['schedual: unknown key (did you mean "schedule"?); allowed here: state, connectors, usage, schedule, scoring, tasks, writeback, deletes, currency, alerts, log @5']],
    ['an unknown connector key', `connectors:${sf}\n    loginurl: https://x.my.salesforce.com`, undefined, ['connectors[0].loginurl: unknown key (did you mean "loginUrl"?); allowed here: loginUrl, auth, apiVersion, limits, bulkThreshold @5']],
    ['a bad cron expression', `connectors:${sf}\nschedule: { run: "every hour" }`, undefined, ['schedule.run: not a valid cron expression; expected 5 fields (minute hour day month weekday) or 6 with seconds, e.g. "0 */4 * * *" @5']],
    ['an unknown time zone', `connectors:${sf}\nschedule: { timezone: Mars/Olympus }`, undefined, ['schedule.timezone: not an IANA time zone; expected a name like "UTC" or "Europe/Paris" @5']],
    ['an unknown connector type', `connectors:\n  - { name: x, type: salesfroce }`, undefined, ['connectors[0].type: unknown connector type "salesfroce"; allowed: salesforce, hubspot, module @2']],
    ['no connectors', 'connectors: []', undefined, ['connectors: at least one connector is required (got []) @1']],
    ['a missing connectors key', 'state: ./x.db', undefined, ['connectors: required: expected array @1']],
    ['an incomplete auth block', `connectors:\n  - { name: sf, type: salesforce, auth: { clientId: abc } }`, undefined, ['connectors[0].auth: expected one of { clientId, clientSecret } | { username, password } | { clientId, refreshToken } (got {"clientId":"abc"}) @2']],
    ['an out-of-range limit', `connectors:${hs}\n    limits: { requestsPer10s: 500 }`, undefined, ['connectors[0].limits.requestsPer10s: must be at most 190, got 500 @5']],
    ['a wrongly typed value', `connectors:${sf}\n    bulkThreshold: lots`, undefined, ['connectors[0].bulkThreshold: expected number, got "lots" @5']],
    ['a non-http URL', `connectors:${sf}\n    loginUrl: ftp://example.com`, undefined, ['connectors[0].loginUrl: expected an http(s) URL, got "ftp://example.com" @5']],
    ['a bad log level', `connectors:${sf}\nlog: { level: loud }`, undefined, ['log.level: expected one of "debug", "info", "warn", "error", got "loud" @5']],
    ['duplicate connector names', `connectors:${sf}${sf}`, undefined, ['connectors[1].name: "acme-sf" is used by another connector; names must be unique @5']],
    ['a bad connector name', `connectors:\n  - { name: Acme SF, type: hubspot, auth: { accessToken: t } }`, undefined, ['connectors[0].name: expected lowercase letters, digits and dashes, starting with a letter (e.g. "acme-sf") (got "Acme SF") @2']],
    ['a mapping override that is not an identifier (SOQL injection)', `connectors:${sf}\n    mappingOverrides: { objects: { accounts: { fields: { arr: "Id FROM User --" } } } }`, undefined, ['connectors[0].mappingOverrides.objects.accounts.fields.arr: expected a CRM field name: letters, digits and underscores, starting with a letter (got "Id FROM User --") @5']],
    ['an unknown canonical field in an override', `connectors:${sf}\n    mappingOverrides: { objects: { accounts: { fields: { revenue: ARR__c } } } }`, undefined, [expect.stringMatching(/^connectors\[0\]\.mappingOverrides\.objects\.accounts\.fields\.revenue: unknown key; allowed here: name, owner_id, segment, arr, .* @5$/)]],
    ['a bad overwrite policy', `connectors:${sf}\n    mappingOverrides: { writeback: { fields: { health_band: { field: Band__c, policy: sometimes } } } }`, undefined, [expect.stringContaining('connectors[0].mappingOverrides.writeback.fields.health_band:')]],
    ['a missing mapping file', `connectors:${sf}\n    mapping: ./nope.yaml`, undefined, [expect.stringContaining(': file not found')]],
    ['a YAML syntax error, with a hint about quoting', `connectors:\n  - { name: a, auth: { accessToken: \${X} } }`, undefined, [expect.stringMatching(/^: YAML syntax error: .*must be quoted.* @2$/)]],
  ])('reports %s', async (_name, yaml, env, expected) => {
    expect(await problemsOf(yaml, env)).toEqual(expected);
  });

  it('for a command that sends nothing to a CRM, leaves unset connector references unchecked and still checks the rest', async () => {
    const file = join(tempDir(), 'vitals.yaml');
    const connectors = `connectors:\n  - { name: sf, type: salesforce, loginUrl: "\${SF_URL}", auth: { clientId: "\${SF_ID}", clientSecret: "\${SF_SECRET}" } }${hs}`;
    writeFileSync(file, `state: \${STATE_DIR}/v.db\n${connectors}`);
    const config = await loadConfig(file, { STATE_DIR: tempDir() }, { crm: false });
    expect(config.statePath).toBe(join(tempDir(), 'v.db'));
    expect(config.connectors.map((c) => [c.name, c.unsetVariables])).toEqual([
      ['sf', ['SF_URL', 'SF_ID', 'SF_SECRET']],
      ['acme-hs', ['HS_TOKEN']],
    ]);
    expect(config.connectors[0]!.options).toMatchObject({ auth: { clientSecret: '${SF_SECRET}' } });

    const problems = async (yaml: string) => {
      writeFileSync(file, yaml);
      return loadConfig(file, {}, { crm: false }).then(
        () => [],
        (error: ConfigError) => error.problems.map((p) => `${p.path}: ${p.message.split(';')[0]}`),
      );
    };
    // Outside connector options a variable must be set, and a typo in the options is still one.
    expect(await problems(`state: \${STATE_DIR}/v.db\n${connectors}`)).toEqual(['state: environment variable STATE_DIR is not set']);
    expect(await problems(`${connectors}\n    limits: { bogus: 1 }`)).toEqual(['connectors[1].limits.bogus: unknown key']);
    expect(await problems(`${connectors}\n    mappingOverrides: { objects: { accounts: { fields: { arr: "Id FROM User" } } } }`)).toEqual([
      expect.stringMatching(/^connectors\[1\]\.mappingOverrides\.objects\.accounts\.fields\.arr: expected a CRM field name/),
    ]);
    // A command that talks to a CRM still needs every variable.
    expect(await problemsOf(connectors, {})).toHaveLength(4);
  });

  it('reports every problem at once, across connectors and sections', async () => {
    const problems = await problemsOf(`stat: x\nconnectors:${sf}\n    apiVersion: v62${hs}\n    limits: { searchPerSecond: 9 }\nschedule: { run: nope }`, {});
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'stat',
      'connectors[0].apiVersion',
      'connectors[1].auth.accessToken',
      'connectors[1].limits.searchPerSecond',
      'schedule.run',
    ]);
  });

  it('names the mapping file and line for a problem inside a mapping file', async () => {
    const mapping = join(tempDir(), 'custom.yaml');
    writeFileSync(mapping, 'objects: {}\nwriteback:\n  object: "Account; DROP"\n  fields: {}\ntasks: { object: Task, dedupeField: Key__c }\n');
    try {
      await load(`connectors:${sf}\n    mapping: ./custom.yaml`);
      throw new Error('expected a ConfigError');
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toContainEqual(expect.objectContaining({ path: 'writeback.object', line: 3, file: expect.stringContaining('custom.yaml') }));
      expect(problems).toContainEqual(expect.objectContaining({ path: 'objects.accounts', line: 1 }));
    }
  });

  it('loads an external connector module and validates its options with its own schema', async () => {
    const fixture = packageFile('test', 'fixtures', 'inMemoryConnector.js');
    const mapping = packageFile('test', 'fixtures', 'inMemoryMapping.yaml');
    const config = await load(`connectors:\n  - { name: mem, type: module, module: "${fixture}", mapping: "${mapping}", options: { greeting: hi } }`);
    expect(config.connectors[0]).toMatchObject({ type: 'in-memory', options: { greeting: 'hi', readOnly: [] } });
    expect(await problemsOf(`connectors:\n  - { name: mem, type: module, module: "${fixture}", mapping: "${mapping}", options: { greting: hi } }`)).toEqual([
      'connectors[0].options.greeting: required: expected string @2',
      'connectors[0].options.greting: unknown key (did you mean "greeting"?); allowed here: greeting, readOnly @2',
    ]);
    expect(await problemsOf(`connectors:\n  - { name: mem, type: module, module: ./missing.js, mapping: "${mapping}" }`)).toEqual([
      expect.stringMatching(/^connectors\[0\]\.module: cannot load module "\.\/missing\.js": .* @2$/),
    ]);
  });
});
