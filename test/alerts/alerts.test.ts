import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { accountAlerts } from '../../src/alerts/accountAlerts.js';
import { jsonPayload } from '../../src/alerts/jsonPayload.js';
import { slackPayload } from '../../src/alerts/slackPayload.js';
import { webhookDigest, type RunDigest } from '../../src/alerts/webhookDigest.js';
import { alertsConfigSchema, type WebhookConfig } from '../../src/config/alertsConfig.js';
import { redactText } from '../../src/log/redact.js';
import { packageFile } from '../../src/model/packagePaths.js';
import type { AlertCandidate, RunPassChanges } from '../../state/alertData.js';

const url = (connector: string, id: string) => `https://crm.example/${connector}/${id}`;

function candidate(accountId: string, now: [AlertCandidate['band'], number], before: [AlertCandidate['band'], number] | null, arr = 1000): AlertCandidate {
  return {
    accountId,
    name: `Name ${accountId}`,
    arr,
    health: now[0] === 'red' ? 30 : 60,
    band: now[0],
    churnRisk: now[1],
    driversText: 'Ticket load 3 (-12)',
    previous: before && { health: 70, band: before[0], churnRisk: before[1] },
  };
}

describe('alerts config', () => {
  it('defaults to no webhooks and names webhooks by position', () => {
    expect(alertsConfigSchema.parse({})).toEqual({ riskThreshold: 50, maxAccounts: 20, attempts: 4, timeoutSeconds: 10, webhooks: [] });
    const parsed = alertsConfigSchema.parse({ webhooks: [{ url: 'https://hooks.example/a' }, { name: 'leads', url: 'https://hooks.example/b', format: 'slack', on: ['red'] }] });
    expect(parsed.webhooks).toEqual([
      { name: 'webhook-1', url: 'https://hooks.example/a', format: 'json', on: ['red', 'risk', 'run-failed'] },
      { name: 'leads', url: 'https://hooks.example/b', format: 'slack', on: ['red'] },
    ]);
  });

  it('treats every webhook URL as a secret, and its path alone too', () => {
    alertsConfigSchema.parse({ webhooks: [{ url: 'https://hooks.slack.example/services/T1/B2/xyzsecret' }] });
    expect(redactText('posting to https://hooks.slack.example/services/T1/B2/xyzsecret failed')).toBe('posting to [redacted] failed');
    expect(redactText('404 for /services/T1/B2/xyzsecret')).toBe('404 for [redacted]');
  });

  it.each([
    ['an unknown event', { webhooks: [{ url: 'https://h.example/x', on: ['green'] }] }, 'webhooks.0.on.0'],
    ['a non-http URL', { webhooks: [{ url: 'ftp://h.example/x' }] }, 'webhooks.0.url'],
    ['a duplicate name', { webhooks: [{ name: 'a', url: 'https://h.example/1' }, { name: 'a', url: 'https://h.example/2' }] }, 'webhooks.1.name'],
    ['a threshold in probabilities', { riskThreshold: 0.5 }, 'riskThreshold'],
    ['an unknown key', { webhook: [] }, ''],
  ])('rejects %s', (_what, written, path) => {
    const result = alertsConfigSchema.safeParse(written);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('documents a valid example in config.example.yaml (the commented webhooks parse too)', () => {
    const text = readFileSync(packageFile('config.example.yaml'), 'utf8');
    const section = text.slice(text.indexOf('\nalerts:') + 1);
    const uncommented = section.replace('webhooks: []', 'webhooks:').replace(/^ {2}# /gm, '  ');
    const written = parse(uncommented.replace(/\$\{(\w+)\}/g, 'https://hooks.example/$1')) as { alerts: unknown };
    expect(alertsConfigSchema.parse(written.alerts).webhooks.map((w) => [w.name, w.format, w.on])).toEqual([
      ['cs-leads', 'slack', ['red', 'risk', 'run-failed']],
      ['revops-bridge', 'json', ['run-failed']],
    ]);
  });
});

describe('accountAlerts', () => {
  const changes = (candidates: AlertCandidate[], previousAsOf: string | null = '2025-06-01T00:00:00Z'): RunPassChanges => ({ asOf: '2025-06-02T00:00:00Z', previousAsOf, candidates });

  it('alerts crossings only: into red, and risk rising to the threshold; new accounts count as crossing', () => {
    const found = accountAlerts(
      'sf',
      changes([
        candidate('stays-red', ['red', 0.3], ['red', 0.3]),
        candidate('turns-red', ['red', 0.3], ['yellow', 0.2], 5000),
        candidate('new-red', ['red', 0.6], null, 100),
        candidate('risk-up', ['yellow', 0.5], ['yellow', 0.49]),
        candidate('risk-stays-high', ['yellow', 0.7], ['yellow', 0.55]),
      ]),
      0.5,
      url,
    );
    expect(found.enteredRed.map((a) => a.accountId)).toEqual(['turns-red', 'new-red']);
    expect(found.riskCrossed.map((a) => a.accountId)).toEqual(['risk-up', 'new-red']);
    expect(found.enteredRed[0]).toMatchObject({ connector: 'sf', url: 'https://crm.example/sf/turns-red', previous: { band: 'yellow' } });
  });

  it('treats a connector’s first pass as a baseline', () => {
    expect(accountAlerts('sf', changes([candidate('red', ['red', 0.9], null)], null), 0.5, url)).toEqual({ enteredRed: [], riskCrossed: [] });
  });
});

describe('digests and payloads', () => {
  const red = Array.from({ length: 30 }, (_, i) => ({ ...accountAlerts('hs', { asOf: 'b', previousAsOf: 'a', candidates: [candidate(`A${i}`, ['red', 0.6], ['yellow', 0.3], 1000 - i)] }, 0.5, url).enteredRed[0]! }));
  const run: RunDigest = { runId: 7, ok: false, at: '2025-06-02T10:00:00.000Z', failures: ['hs sync: HubSpot 503'], riskThreshold: 50, alerts: { enteredRed: red, riskCrossed: [] } };
  const hook = (on: WebhookConfig['on']): WebhookConfig => ({ name: 'h', url: 'https://h.example', format: 'json', on });

  it('gives each webhook the events it listens to, and nothing when none happened', () => {
    expect(webhookDigest(hook(['risk']), run, 10)).toBeNull();
    expect(webhookDigest(hook(['run-failed']), run, 10)).toMatchObject({ runFailed: ['hs sync: HubSpot 503'], enteredRed: null, riskCrossed: null });
    expect(webhookDigest(hook(['red']), { ...run, ok: true }, 10)).toMatchObject({ runFailed: null, enteredRed: { total: 30 } });
    expect(webhookDigest(hook(['red']), run, 10)!.enteredRed!.accounts).toHaveLength(10);
  });

  it('writes JSON with percentages and links', () => {
    const body = jsonPayload(webhookDigest(hook(['red', 'run-failed']), run, 2)!) as { enteredRed: { total: number; accounts: unknown[] }; summary: string };
    expect(body.summary).toBe('crm-vitals: run 7 failed, 30 accounts entered red');
    expect(body.enteredRed.total).toBe(30);
    expect(body.enteredRed.accounts[0]).toEqual({
      connector: 'hs', id: 'A0', name: 'Name A0', url: 'https://crm.example/hs/A0', arr: 1000, currency: null, health: 30, band: 'red', churnRisk: 60,
      previous: { health: 70, band: 'yellow', churnRisk: 30 }, drivers: 'Ticket load 3 (-12)',
    });
  });

  it('writes Slack blocks: escaped names linked to their records, sections under 3,000 characters, the rest counted', () => {
    const long = red.map((a, i) => ({ ...a, name: i === 0 ? 'R&D <Labs> | Co' : a.name, driversText: 'x'.repeat(200) }));
    const payload = slackPayload(webhookDigest(hook(['red']), { ...run, ok: true, alerts: { enteredRed: long, riskCrossed: [] } }, 25)!);
    expect(payload.text).toBe('crm-vitals: 30 accounts entered red');
    const sections = payload.blocks.filter((b) => (b as { type: string }).type === 'section') as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) expect(s.text.text.length).toBeLessThanOrEqual(3000);
    const text = sections.map((s) => s.text.text).join('\n');
    expect(text).toContain('<https://crm.example/hs/A0|R&amp;D &lt;Labs&gt; ¦ Co>: red 30, churn risk 60% (was yellow 70, 30%), ARR 1k');
    expect(text).toContain('…and 5 more');
  });
});
