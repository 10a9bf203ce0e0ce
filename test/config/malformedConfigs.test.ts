import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliAsync } from '../support/runCli.js';

/**
 * Thirty mistakes a person makes in `vitals.yaml`, each through the built CLI as cron would run
 * it (`vitals run`): exit 2 before anything touches a CRM or the state, and a message naming the
 * key (and, where it helps, the fix). The connectors point at a closed port, so a config that
 * wrongly passed validation would fail differently (exit 1 or 3), not pass this test.
 */
const SF = `  - name: acme-sf
    type: salesforce
    loginUrl: http://127.0.0.1:9
    auth: { clientId: abc, clientSecret: "\${SF_SECRET}" }`;
const HS = `  - name: acme-hs
    type: hubspot
    baseUrl: http://127.0.0.1:9
    auth: { accessToken: "\${HS_TOKEN}" }`;
const base = (extra = '', connectors = `${SF}\n${HS}`) => `state: ./vitals.db\nconnectors:\n${connectors}\n${extra}`;

const cases: [string, string, RegExp][] = [
  ['YAML that does not parse', 'connectors: [\n  - name: x', /YAML syntax error/],
  ['a top-level list instead of a mapping', '- a\n- b', /\(top level\): expected object, got \["a","b"\]/],
  ['a misspelt top-level key', base('schedual: { run: "0 * * * *" }'), /schedual: unknown key \(did you mean "schedule"\?\)/],
  ['no connectors', 'state: ./x.db\nconnectors: []\n', /connectors: at least one connector is required/],
  ['an unknown connector type', base('', '  - { name: x, type: salesfroce }'), /connectors\[0\]\.type: unknown connector type "salesfroce"/],
  ['a connector without a name', base('', '  - { type: hubspot, auth: { accessToken: t } }'), /connectors\[0\]\.name: /],
  ['a connector name with spaces', base('', '  - { name: Acme SF, type: hubspot, auth: { accessToken: t } }'), /connectors\[0\]\.name: expected lowercase letters/],
  ['two connectors with one name', base('', `${SF}\n${SF}`), /connectors\[1\]\.name: "acme-sf" is used by another connector/],
  ['a misspelt connector key', base('', `${SF}\n    loginurl: https://x.my.salesforce.com`), /connectors\[0\]\.loginurl: unknown key \(did you mean "loginUrl"\?\)/],
  ['a Salesforce auth block with only a client id', base('', '  - { name: sf, type: salesforce, auth: { clientId: abc } }'), /connectors\[0\]\.auth: expected one of/],
  ['a HubSpot connector without auth', base('', '  - { name: hs, type: hubspot }'), /connectors\[0\]\.auth: /],
  ['a login URL that is not http(s)', base('', `${SF.replace('http://127.0.0.1:9', 'ftp://example.com')}`), /connectors\[0\]\.loginUrl: expected an http\(s\) URL/],
  ['an API version that is not one', base('', `${SF}\n    apiVersion: v62`), /connectors\[0\]\.apiVersion: /],
  ['a HubSpot burst limit above the highest tier', base('', `${HS}\n    limits: { requestsPer10s: 500 }`), /connectors\[0\]\.limits\.requestsPer10s: must be at most 190, got 500/],
  ['a negative API reserve', base('', `${SF}\n    limits: { reserveDailyApiPercent: -5 }`), /connectors\[0\]\.limits\.reserveDailyApiPercent: /],
  ['a word where a number goes', base('', `${SF}\n    bulkThreshold: lots`), /connectors\[0\]\.bulkThreshold: expected number, got "lots"/],
  ['a missing environment variable', base(), /connectors\[0\]\.auth\.clientSecret: environment variable SF_SECRET is not set; export SF_SECRET=/],
  ['a mapping file that does not exist', base('', `${SF}\n    mapping: ./nope.yaml`), /connectors\[0\]\.mapping: file not found: \.\/nope\.yaml .*point it at a mapping file/],
  ['a mapping override that tries SOQL injection', base('', `${SF}\n    mappingOverrides: { objects: { accounts: { fields: { arr: "Id FROM User --" } } } }`), /connectors\[0\]\.mappingOverrides\.objects\.accounts\.fields\.arr: expected a CRM field name/],
  ['an override of a canonical field that does not exist', base('', `${SF}\n    mappingOverrides: { objects: { accounts: { fields: { revenue: ARR__c } } } }`), /connectors\[0\]\.mappingOverrides\.objects\.accounts\.fields\.revenue: unknown key/],
  ['an overwrite policy that does not exist', base('', `${SF}\n    mappingOverrides: { writeback: { fields: { health_band: { field: Band__c, policy: sometimes } } } }`), /connectors\[0\]\.mappingOverrides\.writeback\.fields\.health_band: /],
  ['a cron expression in words', base('schedule: { run: "every hour" }'), /schedule\.run: not a valid cron expression/],
  ['an unknown time zone', base('schedule: { timezone: Mars/Olympus }'), /schedule\.timezone: not an IANA time zone/],
  ['a log level that does not exist', base('log: { level: loud }'), /log\.level: expected one of "debug", "info", "warn", "error", got "loud"/],
  ['a negative scoring weight', base('scoring: { groups: { support: -1 } }'), /scoring\.groups\.support: /],
  ['band thresholds the wrong way round', base('scoring: { bands: { red: 80, green: 60 } }'), /scoring\.bands/],
  ['a misspelt measure', base('scoring: { measures: { ticketLoads: { weight: 10 } } }'), /scoring\.measures\.ticketLoads: unknown key/],
  ['a task rule whose condition does not parse', base(`tasks: { rules: [ { id: mine, when: 'band === "red"', subject: x } ] }`), /tasks\.rules\[0\]\.when: /],
  ['a task rule with an unknown priority', base(`tasks: { rules: [ { id: renewal-at-risk, priority: urgent } ] }`), /tasks\.rules\[0\]\.priority: /],
  ['an alert webhook with an unknown event', base('alerts: { webhooks: [ { url: "https://hooks.example.com/x", on: [purple] } ] }'), /alerts\.webhooks\[0\]\.on/],
];

describe('thirty malformed configs through `vitals run`', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vitals-bad-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has thirty distinct mistakes', () => {
    expect(new Set(cases.map(([name]) => name)).size).toBe(30);
  });

  it.each(cases)('%s: exit 2, naming the key', async (name, yaml, message) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, yaml);
    // Every case but the missing-variable one has the variables set.
    const env: Record<string, string> = name === 'a missing environment variable' ? { HS_TOKEN: 'pat-x' } : { SF_SECRET: 's3cret-value', HS_TOKEN: 'pat-x' };
    const result = await runCliAsync(['-c', file, 'run'], { env, cwd: dir });
    expect({ status: result.status, stderr: result.stderr, stdout: result.stdout }).toEqual({ status: 2, stderr: expect.stringMatching(message), stdout: '' });
    expect(result.stderr).not.toContain('s3cret-value');
  });
});
