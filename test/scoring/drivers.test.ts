import { composite } from '../../src/scoring/composite.js';
import { changeDrivers, driversText, levelDrivers, measureLabel } from '../../src/scoring/drivers.js';
import type { MeasureValue } from '../../src/scoring/measureValue.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { defaultScoring } from '../support/scoringFixtures.js';

const profile = new ScoringProfiles(defaultScoring()).for(null);
const labels = { usage_score: 'Usage', nps: 'NPS' };

const values: MeasureValue[] = [
  { key: 'ticketLoad', group: 'support', score: 80, value: 1.25 },
  { key: 'openHighPriorityAge', group: 'support', score: 0, value: 9.2, note: 'P1' },
  { key: 'escalations', group: 'support', score: 100, value: 0 },
  { key: 'csat', group: 'support', score: null, value: null },
  { key: 'renewalReadiness', group: 'commercial', score: 20, value: 45, note: 'open' },
  { key: 'arrTrend', group: 'commercial', score: 75, value: 0 },
  { key: 'contraction', group: 'commercial', score: 100, value: 0, note: 'none' },
  { key: 'activityRecency', group: 'engagement', score: 6.25, value: 141 },
];

describe('drivers', () => {
  const c = composite(values, profile, [], 39)!;

  it('ranks the points each measure costs, and they add up to what the score lost', () => {
    const all = levelDrivers(values, c, [], labels, 10);
    expect(all.map((d) => d.key)).toEqual(['activityRecency', 'renewalReadiness', 'openHighPriorityAge', 'arrTrend', 'ticketLoad']);
    expect(all.reduce((sum, d) => sum + d.points, 0)).toBeCloseTo(100 - c.health, 8);
    expect(levelDrivers(values, c, [], labels, 3)).toHaveLength(3);
  });

  it('adds what a red-flag cap took to the measure that shows the flag', () => {
    const flags = [{ code: 'urgent-over-sla' as const, label: 'P1 open 9d' }];
    const capped = composite(values, profile, flags, 39)!;
    const drivers = levelDrivers(values, capped, flags, labels, 10);
    expect(drivers.find((d) => d.key === 'openHighPriorityAge')).toEqual({ key: 'openHighPriorityAge', label: 'P1 open 9d (red flag)', points: 12.5 + capped.uncapped - 39 });
    expect(drivers.reduce((sum, d) => sum + d.points, 0)).toBeCloseTo(100 - 39, 8);
  });

  it('names a red flag on its own when no weighted measure shows it', () => {
    const flags = [{ code: 'escalations' as const, label: '2 escalations in 30d' }];
    const noEscalations = values.filter((m) => m.key !== 'escalations');
    const capped = composite(noEscalations, profile, flags, 20)!;
    expect(capped.health).toBe(20);
    expect(levelDrivers(noEscalations, capped, flags, labels, 10).find((d) => d.key === 'redFlag')).toEqual({
      key: 'redFlag',
      label: '2 escalations in 30d (red flag)',
      points: capped.uncapped - 20,
    });
  });

  it('writes the CRM text from the top drivers and the largest moves', () => {
    const level = levelDrivers(values, c, [], labels, 3);
    const change = changeDrivers(values, c, { activityRecency: 50, renewalReadiness: 20, ticketLoad: 60 }, labels, 2);
    expect(change.map((d) => d.key)).toEqual(['activityRecency', 'ticketLoad']);
    // Engagement (25 of 90 present group weight) is activity alone: ω = 0.278, 93.75 points short.
    expect(driversText(level, change, 3, 255)).toBe(
      'No activity 141d (-26), Renewal stage lag (-16), P1 open 9d (-12); since last: No activity 141d (-12), Ticket load 1.3 (+3)',
    );
    expect(driversText(level, change, 3, 60)).toBe('No activity 141d (-26), Renewal stage lag (-16)');
    expect(driversText([], [], 3, 255)).toBe('No points lost');
  });

  it('never writes more than maxLength characters', () => {
    const long = [{ key: 'x', label: 'y'.repeat(300), points: 10 }];
    const text = driversText(long, [], 3, 255);
    expect(text).toHaveLength(255);
    expect(text.endsWith('…')).toBe(true);
  });

  it.each([
    [{ key: 'ticketLoad', value: 2.345 }, 'Ticket load 2.3'],
    [{ key: 'openHighPriorityAge', value: 12.4, note: 'P2' }, 'P2 open 12d'],
    [{ key: 'openHighPriorityAge', value: null }, 'No open P1/P2'],
    [{ key: 'escalations', value: 1 }, '1 escalation'],
    [{ key: 'escalations', value: 3 }, '3 escalations'],
    [{ key: 'csat', value: 2.94 }, 'CSAT 2.9'],
    [{ key: 'arrTrend', value: -0.153 }, 'ARR -15% YoY'],
    [{ key: 'arrTrend', value: 0.2 }, 'ARR +20% YoY'],
    [{ key: 'contraction', value: 0.25, note: 'downsell' }, 'Downsell 25%'],
    [{ key: 'contraction', value: 0, note: 'lost-upsell' }, 'Lost upsell'],
    [{ key: 'renewalReadiness', value: 85, note: 'missing' }, 'No renewal opp 85d out'],
    [{ key: 'renewalReadiness', value: -3, note: 'missing' }, 'No renewal opp, overdue'],
    [{ key: 'renewalReadiness', value: 40, note: 'open' }, 'Renewal stage lag'],
    [{ key: 'renewalReadiness', value: 250, note: 'open', notDue: true }, 'Renewal in 250d'],
    [{ key: 'activityRecency', value: 120.4 }, 'No activity 120d'],
    [{ key: 'nps', value: -14 }, 'NPS -14'],
  ])('labels %j as %p', (m, label) => {
    expect(measureLabel({ group: 'support', score: 0, ...m } as MeasureValue, labels)).toBe(label);
  });
});
