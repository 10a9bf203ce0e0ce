import { parseCSV } from 'jsforce/lib/csv.js';
import { parseBulkCsv } from '../../connectors/salesforce/bulkCsv.js';
import { isoInstant } from '../../connectors/salesforce/records.js';
import { toDateTime } from '../../src/mapping/coerce.js';
import { canonicalUtc } from '../../src/model/time.js';

/** What the date fast paths replace: `Date.parse`, then `toISOString`. */
const slowIso = (value: string): string => new Date(Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))).toISOString();

/** Deterministic pseudo-random numbers (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('UTC stamp fast path', () => {
  it('gives what Date gives for every in-range UTC stamp, and steps aside for the rest', () => {
    const next = random(7);
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let fast = 0;
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const year = [0, 1, 100, 1900, 2000, 2023, 2024, 2100, 9999][i % 9]!;
      const stamp = `${pad(year, 4)}-${pad(Math.floor(next() * 14), 2)}-${pad(Math.floor(next() * 33), 2)}T${pad(Math.floor(next() * 26), 2)}:${pad(Math.floor(next() * 61), 2)}:${pad(Math.floor(next() * 61), 2)}`;
      for (const tail of ['.123Z', 'Z', '.000+0000', '+0000', '.999+00:00', '.5Z', '+0100', '-0000']) {
        const value = stamp + tail;
        const canonical = canonicalUtc(value);
        if (canonical === null) continue;
        fast++;
        if (canonical !== slowIso(value) || isoInstant(value) !== canonical) wrong.push(value);
      }
    }
    expect(wrong).toEqual([]);
    expect(fast).toBeGreaterThan(10_000);
  });

  it.each([
    ['2024-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z'],
    ['2023-02-29T10:00:00.000Z', '2023-03-01T10:00:00.000Z'],
    ['2024-04-31T00:00:00+0000', '2024-05-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00.000+0100', '2023-12-31T23:00:00.000Z'],
    ['2024-01-01T24:00:00.000Z', '2024-01-02T00:00:00.000Z'],
    ['2024-06-01T12:00:00Z', '2024-06-01T12:00:00.000Z'],
  ])('%s reads as %s through either path', (value, expected) => {
    expect(toDateTime(value)).toBe(expected);
    expect(isoInstant(value)).toBe(expected);
  });
});

describe('parseBulkCsv', () => {
  it('reads what jsforce reads from Bulk API 2.0 results', () => {
    const next = random(11);
    const pieces = ['a', 'Acme, Inc.', 'say "hi"', 'two\nlines', 'x\r\ny', '', ' padded ', '2024-01-01T00:00:00.000Z', '12.5', 'true', 'ünïcödé'];
    for (let round = 0; round < 300; round++) {
      const columns = 1 + Math.floor(next() * 6);
      const quoteAll = next() < 0.5;
      const eol = next() < 0.8 ? '\n' : '\r\n';
      const cell = (text: string) => (quoteAll || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
      const lines = [Array.from({ length: columns }, (_, i) => cell(`Col_${i}`)).join(',')];
      const rows = Math.floor(next() * 8);
      for (let r = 0; r < rows; r++) lines.push(Array.from({ length: columns }, () => cell(pieces[Math.floor(next() * pieces.length)]!)).join(','));
      const text = lines.join(eol) + (next() < 0.7 ? eol : '');
      // A row of one empty unquoted cell is a blank line, which both skip or refuse alike only when quoted.
      if (!quoteAll && columns === 1 && lines.slice(1).some((l) => l === '')) continue;
      expect([text, parseBulkCsv(text)]).toEqual([text, parseCSV(text)]);
    }
  });

  it('reads an empty body as no rows and refuses ragged rows and stray quotes', () => {
    expect(parseBulkCsv('')).toEqual([]);
    expect(parseBulkCsv('"Id","Name"\n')).toEqual([]);
    expect(() => parseBulkCsv('"Id","Name"\n"1"\n')).toThrow(/1 cells, the header 2/);
    expect(() => parseBulkCsv('Id,Name\n1,a"b\n')).toThrow(/quote inside/);
    expect(() => parseBulkCsv('"Id","Name"\n"1","open\n')).toThrow(/unterminated/);
  });
});
