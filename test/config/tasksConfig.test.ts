import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.js';
import { compileRule, fallbackOwnerFor } from '../../src/config/tasksConfig.js';
import { ConfigError } from '../../src/model/errors.js';
import { DEFAULT_RULES } from '../../src/tasks/taskRules.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const sf = `connectors:
  - name: acme-sf
    type: salesforce
    auth: { clientId: id, clientSecret: secret }
`;

async function load(yaml: string) {
  const file = join(tempDir(), 'vitals.yaml');
  writeFileSync(file, sf + yaml);
  return loadConfig(file, {});
}

async function problemsOf(yaml: string): Promise<string[]> {
  try {
    await load(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}${p.line ? ` @${p.line}` : ''}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('tasks config', () => {
  it('ships five default rules that compile', async () => {
    const config = await load('');
    expect(config.tasks.rules.map((r) => r.id)).toEqual(['renewal-at-risk', 'health-dropped', 'stale-urgent-ticket', 'missing-renewal-opportunity', 'low-csat']);
    expect(config.tasks).toMatchObject({ enabled: true, timezone: null, holidays: [], fallbackOwner: { all: null, byConnector: {} } });
    expect(config.writeback).toEqual({ maxAttempts: 5, sampleSize: 10 });
    for (const rule of DEFAULT_RULES) expect(() => compileRule(rule)).not.toThrow();
    expect(config.tasks.rules.find((r) => r.id === 'low-csat')).toMatchObject({ autoClose: false, due: { after: 2 } });
  });

  it('merges written rules by id over the defaults, turns one off, and adds new ones', async () => {
    const config = await load(`tasks:
  timezone: Europe/Paris
  fallbackOwner: { acme-sf: csm-lead@example.com }
  holidays: ["2025-12-25"]
  rules:
    - id: renewal-at-risk
      due: { beforeRenewal: 30, atMost: 10 }
      cooldownDays: 14
    - id: low-csat
      enabled: false
    - id: exec-sponsor-gap
      when: 'segment == "Enterprise" and days_since_activity > 45'
      subject: 'No contact with {{account_name}} for {{days_since_activity}} days'
      priority: low
      autoCloseAfterRuns: 3
`);
    expect(config.tasks.rules.map((r) => r.id)).toEqual(['renewal-at-risk', 'health-dropped', 'stale-urgent-ticket', 'missing-renewal-opportunity', 'exec-sponsor-gap']);
    const renewal = config.tasks.rules[0]!;
    expect(renewal).toMatchObject({ due: { beforeRenewal: 30, atMost: 10 }, cooldownDays: 14, priority: 'high' });
    expect(renewal.when.text).toContain('days_to_renewal <= 120');
    expect(config.tasks.rules[4]).toMatchObject({ priority: 'low', autoCloseAfterRuns: 3, autoClose: true, owner: 'account-owner', due: { after: 5 } });
    expect(fallbackOwnerFor(config.tasks, 'acme-sf')).toBe('csm-lead@example.com');
    expect(fallbackOwnerFor(config.tasks, 'other')).toBeNull();
    expect(config.tasks.timezone).toBe('Europe/Paris');
  });

  it('starts from no rules with defaultRules: false', async () => {
    const config = await load('tasks: { defaultRules: false }\n');
    expect(config.tasks.rules).toEqual([]);
  });

  it('reports every problem with its key path and line, naming the allowed facts', async () => {
    const problems = await problemsOf(`tasks:
  holidays: ["25/12/2025"]
  rules:
    - id: renewal-at-risk
      when: 'dys_to_renewal <= 120 and band == "redd"'
    - id: Bad Id
      when: 'health < 40'
      subject: x
    - id: no-condition
      subject: '{{acount_name}}'
    - id: health-dropped
      priority: urgent
      due: { after: 5, beforeRenewal: 3 }
    - id: no-condition
      when: 'health < 40'
      subject: twice
`);
    expect(problems).toEqual([
      'tasks.holidays[0]: expected a date as YYYY-MM-DD (got "25/12/2025") @6',
      expect.stringMatching(
        /^tasks\.rules\[0\]\.when: unknown fact "dys_to_renewal" at column 1 \(did you mean "days_to_renewal"\?\); allowed facts: health, band, churn_risk, trend, .*, days_since_activity; band is never "redd" \(column 35\); its values are "red", "yellow", "green" @9$/,
      ),
      'tasks.rules[1].id: expected lowercase letters, digits and dashes, e.g. "renewal-at-risk" (got "Bad Id") @10',
      'tasks.rules[2].when: required: rule "no-condition" is not a default rule, so it needs a condition @13',
      'tasks.rules[2].subject: unknown placeholder {{acount_name}} (did you mean {{account_name}}?); allowed: health, band, churn_risk, trend, health_change_30d, band_30d_ago, bands_dropped_30d, coverage, red_flags, arr, segment, days_to_renewal, renewal_opportunity, open_tickets, open_urgent_tickets, oldest_open_urgent_days, oldest_open_high_days, escalations_30d, lowest_csat_30d, days_since_activity, account_name, account_id, renewal_date, drivers, rule @14',
      'tasks.rules[3].priority: expected one of "high", "normal", "low", got "urgent" @16',
      'tasks.rules[3].due: expected { after: N } (business days from today) or { beforeRenewal: N, atMost: M } (anchored to the renewal date) @17',
      'tasks.rules[4].id: rule "no-condition" is written twice; ids must be unique @18',
    ]);
  });

  it('rejects an unknown key inside a rule with a suggestion', async () => {
    expect(await problemsOf('tasks:\n  rules:\n    - id: low-csat\n      autoclose: true\n')).toEqual([
      expect.stringMatching(/^tasks\.rules\[0\]\.autoclose: unknown key \(did you mean "autoClose"\?\); allowed here: id, enabled, when, closeWhen, subject, body, due, priority, highWhen, owner, autoClose, autoCloseAfterRuns, cooldownDays @8$/),
    ]);
  });
});
