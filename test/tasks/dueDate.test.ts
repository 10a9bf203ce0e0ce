import { addBusinessDays, dueDateFor, todayIn, type DueRule } from '../../src/tasks/dueDate.js';

const calendar = { holidays: new Set(['2025-12-25', '2025-12-26']) };

describe('business days', () => {
  it.each<[string, number, string]>([
    ['2025-03-03', 1, '2025-03-04'], // Monday + 1
    ['2025-03-07', 1, '2025-03-10'], // Friday + 1 = Monday
    ['2025-03-08', 1, '2025-03-10'], // Saturday + 1 = Monday
    ['2025-03-03', 5, '2025-03-10'], // a full week
    ['2025-12-24', 1, '2025-12-29'], // over two holidays and a weekend
    ['2025-03-10', -1, '2025-03-07'], // Monday - 1 = Friday
    ['2025-03-10', -5, '2025-03-03'],
    ['2025-03-05', 0, '2025-03-05'],
  ])('%s %+d → %s', (date, days, expected) => {
    expect(addBusinessDays(date, days, calendar)).toBe(expected);
  });
});

describe('due dates', () => {
  const today = '2025-03-05'; // a Wednesday
  it.each<[string, DueRule, string | null, string]>([
    ['relative', { after: 5 }, null, '2025-03-12'],
    ['relative, the next business day', { after: 1 }, null, '2025-03-06'],
    ['relative 0 on a business day is today', { after: 0 }, null, '2025-03-05'],
    ['anchored: 40 business days before a far renewal is later than atMost', { beforeRenewal: 40, atMost: 5 }, '2025-09-30', '2025-03-12'],
    ['anchored: the anchor wins when it comes first', { beforeRenewal: 10, atMost: 20 }, '2025-03-21', '2025-03-07'],
    ['anchored: never earlier than the next business day', { beforeRenewal: 40, atMost: 5 }, '2025-03-20', '2025-03-06'],
    ['anchored: a renewal already past still gives tomorrow', { beforeRenewal: 10, atMost: 5 }, '2025-01-01', '2025-03-06'],
    ['anchored without a renewal date: atMost', { beforeRenewal: 10, atMost: 3 }, null, '2025-03-10'],
    ['anchored to a renewal datetime', { beforeRenewal: 1, atMost: 30 }, '2025-03-14T00:00:00.000Z', '2025-03-13'],
  ])('%s', (_name, rule, renewal, expected) => {
    expect(dueDateFor(rule, today, renewal, calendar)).toBe(expected);
  });

  it('relative 0 on a Saturday is the Monday', () => {
    expect(dueDateFor({ after: 0 }, '2025-03-08', null, calendar)).toBe('2025-03-10');
  });

  it('today is read in the configured time zone', () => {
    const instant = new Date('2025-03-05T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2025-03-05');
    expect(todayIn('Europe/Paris', instant)).toBe('2025-03-06');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2025-03-05');
  });
});
