import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { scoringConfigSchema } from '../../src/config/scoringConfig.js';
import { SCORING_DEFAULTS } from '../../src/config/scoringSettings.js';
import { zodProblems } from '../../src/config/zodProblems.js';
import { ScoringProfiles } from '../../src/scoring/segmentProfile.js';
import { packageFile } from '../../src/model/packagePaths.js';

function problems(written: unknown): string[] {
  const parsed = scoringConfigSchema.safeParse(written);
  if (parsed.success) return [];
  return zodProblems(parsed.error, scoringConfigSchema, written, ['scoring']).map((p) => `${p.path}: ${p.message}`);
}

describe('scoring config', () => {
  it('defaults every option', () => {
    expect(scoringConfigSchema.parse({})).toEqual(SCORING_DEFAULTS);
  });

  it('merges what is written over the defaults, key by key', () => {
    const config = scoringConfigSchema.parse({
      groups: { sentiment: 0 },
      measures: { csat: { weight: 50 }, ticketLoad: { severity: { urgent: 8 } } },
      segments: { Enterprise: { groups: { support: 40 } }, SMB: { measures: { activityRecency: { graceDays: 30 } } } },
      bands: { green: 75 },
    });
    expect(config.groups).toEqual({ support: 30, commercial: 35, engagement: 25, sentiment: 0, usage: 25 });
    expect(config.measures.csat).toEqual({ ...SCORING_DEFAULTS.measures.csat, weight: 50 });
    expect(config.measures.ticketLoad.severity).toEqual({ urgent: 8, high: 3, medium: 1, low: 0.5 });
    expect(config.segments).toEqual({
      Enterprise: { measures: { activityRecency: { graceDays: 14 } }, groups: { support: 40 } },
      SMB: { measures: { activityRecency: { graceDays: 30 } } },
    });
    expect(config.bands).toEqual({ red: 40, green: 75, upMargin: 3, downRuns: 2 });
  });

  it('merges usage settings over the defaults, at the top and per segment', () => {
    const config = scoringConfigSchema.parse({ groups: { usage: 40 }, usage: { activeSeats: { good: 0.9 } }, segments: { SMB: { usage: { usageRecency: { graceDays: 3 } } } } });
    expect(config.groups.usage).toBe(40);
    expect(config.usage.activeSeats).toEqual({ weight: 40, bad: 0.3, good: 0.9 });
    expect(config.usage.usageTrend).toEqual(SCORING_DEFAULTS.usage.usageTrend);
    const smb = new ScoringProfiles(config).for('smb');
    expect(smb.usage.usageRecency).toEqual({ weight: 20, graceDays: 3, halfLifeDays: 14 });
    expect(smb.usage.activeSeats.good).toBe(0.9);
    expect(smb.weighted.filter((w) => w.group === 'usage').map((w) => w.key)).toEqual(['activeSeats', 'usageTrend', 'featureBreadth', 'usageRecency']);
  });

  it('replaces the default extras when extras are written, with defaults per entry', () => {
    const config = scoringConfigSchema.parse({ extras: { seats_used: { bad: 0.3, good: 0.9 } } });
    expect(config.extras).toEqual({ seats_used: { group: 'engagement', weight: 20, label: 'seats_used', bad: 0.3, good: 0.9 } });
  });

  it.each([
    ['a misspelt measure option', { measures: { ticketLoad: { wieght: 3 } } }, 'scoring.measures.ticketLoad.wieght: unknown key (did you mean "weight"?)'],
    ['a misspelt measure', { measures: { csta: {} } }, 'scoring.measures.csta: unknown key (did you mean "csat"?)'],
    ['a negative weight', { groups: { support: -1 } }, 'scoring.groups.support: must be at least 0, got -1'],
    ['bands the wrong way round', { bands: { red: 80, green: 60 } }, 'scoring.bands: bands.red must not be above bands.green'],
    ['an extra with an equal scale', { extras: { nps: { bad: 10, good: 10 } } }, 'scoring.extras.nps: bad and good must differ'],
    ['a usage measure with an equal scale', { usage: { activeSeats: { good: 0.3 } } }, 'scoring.usage.activeSeats: bad and good must differ (both are 0.3)'],
    ['a segment whose usage scale meets', { segments: { SMB: { usage: { featureBreadth: { bad: 5 } } } } }, 'scoring.segments.SMB.usage.featureBreadth: bad and good must differ (both are 5)'],
    ['a misspelt usage measure', { usage: { activeSeat: {} } }, 'scoring.usage.activeSeat: unknown key (did you mean "activeSeats"?)'],
    ['a usage trend window too short', { usage: { usageTrend: { windowDays: 3 } } }, 'scoring.usage.usageTrend.windowDays: must be at least 7, got 3'],
    ['a bad prior SD', { risk: { priorSd: 'wide' } }, 'scoring.risk.priorSd: does not match any allowed form (got "wide")'],
  ])('reports %s', (_name, written, message) => {
    expect(problems(written).join('\n')).toContain(message);
  });

  it('documents the defaults in config.example.yaml', () => {
    const example = readFileSync(packageFile('config.example.yaml'), 'utf8');
    const block = example.slice(example.indexOf('# scoring:'));
    const uncommented = block
      .slice(0, block.indexOf('\n\n'))
      .split('\n')
      .map((line) => line.slice(2))
      .join('\n');
    const written = (parse(uncommented) as { scoring: unknown }).scoring;
    const parsed = scoringConfigSchema.parse(written);
    expect(parsed.risk.healthLogOddsPerSd).toBeCloseTo(SCORING_DEFAULTS.risk.healthLogOddsPerSd, 3);
    expect({ ...parsed, risk: { ...parsed.risk, healthLogOddsPerSd: 0 } }).toEqual({
      ...SCORING_DEFAULTS,
      risk: { ...SCORING_DEFAULTS.risk, healthLogOddsPerSd: 0 },
    });
  });
});
