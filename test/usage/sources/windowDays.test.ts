import { windowDaysFor } from '../../../src/usage/sources/usageSql.js';
import type { UsageShape } from '../../../src/usage/sources/usageShape.js';

const wide = { format: 'daily', columns: { account: 'a', day: 'd' }, metrics: { activeUsers: 'dau', events: 'sessions' } } as UsageShape;
const long = { format: 'daily', columns: { account: 'a', day: 'd', metric: 'm', value: 'v' }, metrics: { activeUsers: 'dau', events: 'sessions' } } as UsageShape;
const events = { format: 'events', columns: { account: 'a', time: 't', user: 'u' } } as UsageShape;

describe('days a first read takes at a time', () => {
  it('keeps a window to about 600,000 account-days, however many accounts there are', () => {
    expect(windowDaysFor(wide, 100_000 * 365, '2025-01-01', '2025-12-31')).toBe(6);
    expect(windowDaysFor(wide, 2_000 * 365, '2025-01-01', '2025-12-31')).toBe(31);
    expect(windowDaysFor(wide, 10_000_000 * 10, '2025-01-01', '2025-01-10')).toBe(1);
  });

  it('counts an account-day of long rows once, whatever its metrics', () => {
    expect(windowDaysFor(long, 2 * 100_000 * 365, '2025-01-01', '2025-12-31')).toBe(6);
  });

  it('keeps whole months for events, whose rolling counts read the 29 days before a window anyway', () => {
    expect(windowDaysFor(events, 50_000_000, '2025-01-01', '2025-12-31')).toBe(31);
  });
});
