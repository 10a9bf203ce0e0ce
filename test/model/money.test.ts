import { MoneyConverter } from '../../src/model/money.js';
import { compactMoney, fullMoney } from '../../src/reporting/formatNumbers.js';

describe('MoneyConverter', () => {
  const money = new MoneyConverter({
    corporate: 'USD',
    rates: [
      { code: 'USD', perCorporate: 1, from: null, to: null },
      { code: 'EUR', perCorporate: 0.92, from: null, to: null },
      { code: 'EUR', perCorporate: 0.9, from: '2024-01-01', to: '2024-04-01' },
      { code: 'EUR', perCorporate: 0.95, from: '2024-04-01', to: null },
      { code: 'JPY', perCorporate: 150, from: null, to: null },
    ],
  });

  it('leaves an amount with no currency as it is: it is in the corporate currency', () => {
    expect(money.atCurrentRate(1000, null)).toBe(1000);
    expect(money.onDay(1000, null, '2024-02-01')).toBe(1000);
  });

  it('converts at the current rate, and on a day at the dated rate in force then', () => {
    expect(money.atCurrentRate(920, 'EUR')).toBeCloseTo(1000);
    expect(money.atCurrentRate(150_000, 'JPY')).toBeCloseTo(1000);
    expect(money.onDay(900, 'EUR', '2024-03-31')).toBeCloseTo(1000);
    expect(money.onDay(950, 'EUR', '2024-04-01')).toBeCloseTo(1000);
    expect(money.onDay(950, 'EUR', '2026-12-01')).toBeCloseTo(1000);
  });

  it('falls back to the current rate before every dated period, or where a currency has none', () => {
    expect(money.onDay(920, 'EUR', '2023-06-30')).toBeCloseTo(1000);
    expect(money.onDay(150_000, 'JPY', '2024-02-01')).toBeCloseTo(1000);
    expect(money.onDay(920, 'EUR', null)).toBeCloseTo(1000);
  });

  it('never counts money in a currency it has no rate for as corporate money', () => {
    expect(money.atCurrentRate(1000, 'BRL')).toBeNull();
    expect([...money.unconverted]).toEqual(['BRL']);
  });
});

describe('money as people read it', () => {
  it('carries the currency sign, or the code where English has none', () => {
    expect(compactMoney('USD', 1_234_567)).toBe('$1.23M');
    expect(compactMoney('EUR', 45_200)).toBe('€45.2k');
    expect(compactMoney('JPY', 120_000_000)).toBe('¥120M');
    expect(compactMoney('CHF', 2_500)).toBe('CHF 2.5k');
    expect(compactMoney('USD', -2_000)).toBe('-$2k');
    expect(compactMoney(null, 2_000)).toBe('2k');
    expect(fullMoney('USD', 12_345.6)).toBe('$12,346');
    expect(fullMoney('JPY', 1_234_567)).toBe('¥1,234,567');
    expect(fullMoney(null, 12_345.6)).toBe('12,346');
  });
});
