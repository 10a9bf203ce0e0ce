import { compileRule } from '../../src/config/tasksConfig.js';
import { ownerDirectory } from '../../src/tasks/ownerResolution.js';
import { reconcileTasks, type ReconcileInput, type TaskPlan } from '../../src/tasks/reconcileTasks.js';
import type { TaskAccount } from '../../src/model/taskAccount.js';
import type { WrittenRule } from '../../src/tasks/taskRules.js';
import { DEFAULT_RULES } from '../../src/tasks/taskRules.js';
import { historyKey, type LedgerTask, type TaskHistory } from '../../state/taskLedger.js';

const NOW = Date.parse('2025-03-05T09:00:00Z'); // a Wednesday
const PASS = '2025-03-05T08:00:00.000Z';
const EARLIER_PASS = '2025-03-04T08:00:00.000Z';

const risk = compileRule({
  id: 'risk',
  when: 'churn_risk >= 35',
  closeWhen: 'churn_risk < 25',
  subject: 'Risk {{churn_risk}}% at {{account_name}}',
  body: 'Call them.',
  due: { after: 2 },
  highWhen: 'band == "red"',
});
const csat = compileRule({ id: 'csat', when: 'lowest_csat_30d <= 2', subject: 'Low CSAT', autoClose: false });

function account(id: string, over: Partial<TaskAccount['score']> = {}, ownerId: string | null = '005A'): TaskAccount {
  return {
    accountId: id, name: `Account ${id}`, ownerId, segment: 'SMB', arr: 1000, renewalDate: '2025-06-30', lastActivityAt: null,
    score: { health: 55, band: 'yellow', churnRisk: 40, trend: 'flat', trendChange: null, coverage: 0.9, redFlags: 0, driversText: 'Renewal stage lag (-14)', ...over },
    band30dAgo: null, renewals: [],
    tickets: { open: 0, openUrgent: 0, oldestOpenUrgentAt: null, oldestOpenHighAt: null, escalations30d: 0, lowestCsat30d: null },
  };
}

function task(over: Partial<LedgerTask> & { key: string }): LedgerTask {
  const [, rule = 'risk', accountId = 'A', episode = '1'] = over.key.split(':');
  return {
    rule, accountId, episode: Number(episode), crmId: 'T1', state: 'open', subject: 's', body: 'b', dueDate: '2025-03-07', priority: 'normal', ownerId: '005A',
    pendingAction: null, attempts: 0, errorCode: null, error: null, clearRuns: 0, checkedAsOf: EARLIER_PASS, humanTouched: false, ...over,
  };
}

function plan(accounts: TaskAccount[], active: LedgerTask[] = [], history: [string, string, TaskHistory][] = [], rules: WrittenRule[] | null = null): TaskPlan {
  const input: ReconcileInput = {
    rules: rules ? rules.map(compileRule) : [risk, csat],
    accounts,
    ledger: { active, history: new Map(history.map(([rule, id, h]) => [historyKey(rule, id), h])) },
    passAsOf: PASS,
    nowMs: NOW,
    today: '2025-03-05',
    calendar: { holidays: new Set() },
    owners: ownerDirectory([
      { id: '005A', email: 'ada@example.com', isActive: true },
      { id: '005C', email: 'alan@example.com', isActive: false },
    ]),
    fallbackOwner: 'ada@example.com',
    maxAttempts: 3,
  };
  return reconcileTasks(input);
}

/** A plan as short lines, to compare in tables. */
function summary(p: TaskPlan): string[] {
  return [
    ...p.sends.map((s) => `${s.kind} ${s.key}`),
    ...p.closes.map((c) => `close ${c.send.key}${c.verify ? '' : ' (in flight)'}`),
    ...p.checks.map((c) => `check ${c.key} clear=${c.clearRuns}`),
    ...p.drops.map((d) => `drop ${d.key}`),
    ...(p.coolingDown ? [`cooling ${p.coolingDown}`] : []),
    ...(p.gaveUp ? [`gave-up ${p.gaveUp}`] : []),
  ];
}

describe('task reconciliation', () => {
  it.each<[string, TaskAccount[], LedgerTask[], [string, string, TaskHistory][], string[]]>([
    ['a rule that fires opens episode 1', [account('A')], [], [], ['new vitals:risk:A:1']],
    ['nothing fires, nothing to do', [account('A', { churnRisk: 10 })], [], [], []],
    ['an open task is not duplicated', [account('A')], [task({ key: 'vitals:risk:A:1' })], [], ['check vitals:risk:A:1 clear=0']],
    ['one pass with the close condition: counted, not closed', [account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1' })], [], ['check vitals:risk:A:1 clear=1']],
    ['the second pass in a row closes it', [account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1', clearRuns: 1 })], [], ['close vitals:risk:A:1', 'check vitals:risk:A:1 clear=2']],
    ['the same pass is counted once, however often write-back runs', [account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1', clearRuns: 1, checkedAsOf: PASS })], [], []],
    ['hysteresis: below the trigger but not below closeWhen resets the count', [account('A', { churnRisk: 30 })], [task({ key: 'vitals:risk:A:1', clearRuns: 1 })], [], ['check vitals:risk:A:1 clear=0']],
    ['a rule without auto-close never closes', [account('A')], [task({ key: 'vitals:csat:A:1', clearRuns: 5 })], [], ['new vitals:risk:A:1', 'check vitals:csat:A:1 clear=6']],
    ['a touched task is still read before closing (to see it completed)', [account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1', clearRuns: 1, humanTouched: true })], [], ['close vitals:risk:A:1', 'check vitals:risk:A:1 clear=2']],
    ['cooldown after a close', [account('A')], [], [['risk', 'A', { lastEpisode: 2, lastClosedAt: '2025-02-20T00:00:00Z' }]], ['cooling 1']],
    ['after the cooldown, the next episode', [account('A')], [], [['risk', 'A', { lastEpisode: 2, lastClosedAt: '2025-01-20T00:00:00Z' }]], ['new vitals:risk:A:3']],
    ['a create in flight is resent as it was, whatever the facts', [account('A', { churnRisk: 0 })], [task({ key: 'vitals:risk:A:1', state: 'pending', pendingAction: 'create', crmId: null })], [], ['resend vitals:risk:A:1']],
    ['a create in flight for an account gone since is resent too', [], [task({ key: 'vitals:risk:Z:4', state: 'pending', pendingAction: 'create', crmId: null })], [], ['resend vitals:risk:Z:4']],
    ['a close in flight is resent without asking the CRM again', [account('A')], [task({ key: 'vitals:risk:A:1', pendingAction: 'close' })], [], ['close vitals:risk:A:1 (in flight)']],
    ['a refused create is retried with the same key', [account('A')], [task({ key: 'vitals:risk:A:2', state: 'failed', crmId: null, attempts: 1, errorCode: 'X' })], [], ['retry vitals:risk:A:2']],
    ['... until it is given up', [account('A')], [task({ key: 'vitals:risk:A:2', state: 'failed', crmId: null, attempts: 3, errorCode: 'X' })], [], ['gave-up 1']],
    ['... or dropped when the condition clears', [account('A', { churnRisk: 1 })], [task({ key: 'vitals:risk:A:2', state: 'failed', crmId: null, attempts: 1, errorCode: 'X' })], [], ['drop vitals:risk:A:2']],
    ['a close the CRM keeps refusing is given up', [account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1', clearRuns: 4, attempts: 3, errorCode: 'X' })], [], ['check vitals:risk:A:1 clear=5']],
    ['accounts and rules are planned in a stable order', [account('B'), account('A')], [], [], ['new vitals:risk:B:1', 'new vitals:risk:A:1']],
  ])('%s', (_name, accounts, active, history, expected) => {
    expect(summary(plan(accounts, active, history))).toEqual(expected);
  });

  it('renders the task: subject, due date in business days, priority, owner and a body that says why', () => {
    const [send] = plan([account('A', { band: 'red', churnRisk: 52 }, '005C')]).sends;
    expect(send).toMatchObject({
      key: 'vitals:risk:A:1',
      subject: 'Risk 52% at Account A',
      dueDate: '2025-03-07',
      priority: 'high', // highWhen: band == "red"
      ownerId: '005A', // the account owner is inactive: the fallback, found by email
      owner: { source: 'fallback', skipped: [{ owner: '005C', reason: 'inactive' }] },
      facts: { churn_risk: 52 },
    });
    expect(send!.body).toBe(['Call them.', '', 'Why: churn_risk >= 35', '- churn_risk: 52', 'Health drivers: Renewal stage lag (-14)', '', 'Created by crm-vitals rule risk (vitals:risk:A:1).'].join('\n'));
  });

  it('closes with a note saying why', () => {
    const [close] = plan([account('A', { churnRisk: 10 })], [task({ key: 'vitals:risk:A:1', clearRuns: 1, body: 'Original body' })]).closes;
    expect(close!.send.body).toBe('Original body\n\nAuto-resolved by crm-vitals on 2025-03-05: churn_risk < 25 held for 2 scoring runs.');
  });

  const base = account('A', { churnRisk: 10, band: 'green', health: 80 });
  const openRenewal = [{ isClosed: false, isWon: false, closeDate: '2025-06-30' }];
  it.each<[string, TaskAccount]>([
    ['renewal-at-risk', { ...account('A', { churnRisk: 40 }), renewalDate: '2025-05-01', renewals: openRenewal }],
    ['health-dropped', { ...base, renewals: openRenewal, score: { ...base.score, trendChange: -20 } }],
    ['health-dropped', { ...base, renewals: openRenewal, score: { ...base.score, band: 'yellow' }, band30dAgo: 'green' }],
    ['stale-urgent-ticket', { ...base, renewals: openRenewal, tickets: { ...base.tickets, open: 1, openUrgent: 1, oldestOpenUrgentAt: '2025-02-27T09:00:00Z' } }],
    ['missing-renewal-opportunity', { ...base, renewalDate: '2025-06-30' }],
    ['low-csat', { ...base, renewalDate: null, tickets: { ...base.tickets, lowestCsat30d: 1 } }],
  ])('default rule %s fires on its facts, and no other default does', (rule, facts) => {
    expect(plan([facts], [], [], [...DEFAULT_RULES]).sends.map((s) => s.rule)).toEqual([rule]);
  });
});
