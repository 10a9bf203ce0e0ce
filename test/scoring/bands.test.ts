import type { Band } from '../../src/model/bands.js';
import { bandWithHysteresis, rawBand } from '../../src/scoring/bands.js';
import { defaultScoring } from '../support/scoringFixtures.js';

const bands = defaultScoring().bands;

describe('bands', () => {
  it.each([
    [0, 'red'],
    [39.9, 'red'],
    [40, 'yellow'],
    [69.9, 'yellow'],
    [70, 'green'],
    [100, 'green'],
  ] as const)('health %p is %s without history', (health, band) => {
    expect(rawBand(health, bands)).toBe(band);
    expect(bandWithHysteresis(health, null, bands, false)).toBe(band);
  });

  it.each([
    ['red stays red just over the line', 42, 'red', [30], 'red'],
    ['red moves up with the margin', 43, 'red', [30], 'yellow'],
    ['red can jump to green', 73, 'red', [30], 'green'],
    ['red to green needs the green margin', 72, 'red', [30], 'yellow'],
    ['green holds after one run below', 65, 'green', [72], 'green'],
    ['green drops after two runs below', 65, 'green', [68], 'yellow'],
    ['a fall to red after two runs lands on the best band both runs were in', 30, 'green', [68], 'yellow'],
    ['two runs in red', 30, 'green', [35], 'red'],
    ['no earlier health: hold', 30, 'yellow', [], 'yellow'],
    ['same band', 55, 'yellow', [50], 'yellow'],
  ] as const)('%s', (_name, health, band, recent, expected) => {
    expect(bandWithHysteresis(health, { band, recentHealths: recent }, bands, false)).toBe(expected);
  });

  it('goes red at once on a red flag', () => {
    expect(bandWithHysteresis(39, { band: 'green', recentHealths: [90] }, bands, true)).toBe('red');
  });

  it('moves down at once with downRuns 1', () => {
    expect(bandWithHysteresis(65, { band: 'green', recentHealths: [90] }, { ...bands, downRuns: 1 }, false)).toBe('yellow');
  });

  it('does not flap for an account hovering at a threshold', () => {
    const series = [69, 71, 69, 72, 68, 71, 69, 72];
    const raw = series.map((h) => rawBand(h, bands));
    const banded: Band[] = [];
    const healths: number[] = [];
    for (const h of series) {
      const previous = banded.length ? { band: banded[banded.length - 1]!, recentHealths: [...healths].reverse() } : null;
      banded.push(bandWithHysteresis(h, previous, bands, false));
      healths.push(h);
    }
    const changes = (bs: Band[]) => bs.filter((b, i) => i > 0 && b !== bs[i - 1]).length;
    expect(changes(raw)).toBe(7);
    expect(changes(banded)).toBe(0);
  });
});
