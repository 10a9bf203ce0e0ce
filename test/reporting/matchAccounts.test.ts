import type { BookAccount } from '../../src/reporting/bookFigures.js';
import { combineRecords, customersIn, matchAccounts, matchingLine, matchingText, normaliseName } from '../../src/reporting/matchAccounts.js';
import { normaliseDomain } from '../../src/model/domains.js';

const NOW = Date.parse('2025-06-15T12:00:00Z');

function account(connector: string, id: string, over: Partial<BookAccount> = {}): BookAccount {
  return { connector, accountId: id, name: id, arr: 1000, renewalDate: null, health: 60, band: 'yellow', churnRisk: 0.1, driversText: '', website: null, ...over };
}

describe('normalising for matching', () => {
  it.each([
    ['https://www.Acme.com/about?x=1', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['http://acme.com/', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['  ACME.com:8080 ', 'acme.com'],
    ['www2.acme.com', 'acme.com'],
    ['shop.acme.com', 'shop.acme.com'],
    ['n/a', null],
    ['', null],
    [null, null],
  ])('domain %p → %p', (website, domain) => {
    expect(normaliseDomain(website)).toBe(domain);
  });

  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Inc', 'acme'],
    ['Acme Corp', 'acme'],
    ['Acme Co., Ltd.', 'acme'],
    ['Müller  GmbH', 'muller'],
    ['Grupo Éxito S.A.', 'grupo exito'],
    ['Acme Systems LLC', 'acme systems'],
    ['Acme Holdings', 'acme holdings'],
    ['Smith & Sons Ltd', 'smith and sons'],
    ['Inc.', 'inc'],
    [null, null],
  ])('name %p → %p', (name, normalised) => {
    expect(normaliseName(name)).toBe(normalised);
  });
});

describe('matchAccounts', () => {
  it('matches by website domain first, whatever the names say', () => {
    const match = matchAccounts([account('sf', '001', { name: 'Acme Corporation', website: 'https://www.acme.com' }), account('hs', '9', { name: 'ACME (EU)', website: 'acme.com' })], NOW);
    expect(match.customers).toHaveLength(1);
    expect(match.customers[0]!.records.map((r) => r.accountId)).toEqual(['001', '9']);
    expect(match.matched).toEqual({ domain: 1, name: 0 });
  });

  it('falls back to the normalised name when a record has no domain, but not when the domains differ', () => {
    const match = matchAccounts(
      [
        account('sf', '001', { name: 'Acme, Inc.', website: 'acme.com' }),
        account('hs', '9', { name: 'ACME Inc' }),
        account('sf', '002', { name: 'Globex Ltd', website: 'globex.com' }),
        account('hs', '8', { name: 'Globex', website: 'globex.io' }),
      ],
      NOW,
    );
    expect(match.customers.map((c) => c.records.map((r) => r.accountId))).toEqual([['001', '9'], ['002'], ['8']]);
    expect(match.matched).toEqual({ domain: 0, name: 1 });
  });

  it('never merges two companies of one connector that share a name or a domain', () => {
    const match = matchAccounts(
      [
        account('sf', '001', { name: 'Apex Systems Inc.' }),
        account('sf', '002', { name: 'Apex Systems LLC' }),
        account('hs', '9', { name: 'Apex Systems' }),
        account('sf', '003', { name: 'Umbrella East', website: 'umbrella.com' }),
        account('sf', '004', { name: 'Umbrella West', website: 'umbrella.com' }),
        account('hs', '7', { name: 'Umbrella', website: 'umbrella.com' }),
      ],
      NOW,
    );
    expect(match.customers).toHaveLength(6);
    expect(match.matched).toEqual({ domain: 0, name: 0 });
  });

  it('keeps a customer held in one connector as it is', () => {
    const only = account('sf', '001', { name: 'Initech', website: 'initech.com', arr: 5 });
    const match = matchAccounts([only, account('hs', '9', { name: 'Hooli', website: 'hooli.com' })], NOW);
    expect(match.customers).toHaveLength(2);
    expect(match.customers[0]).toEqual({ ...only, records: [only], matchedBy: null });
  });

  it('leaves a one-connector book untouched, even with duplicate names, and says nothing about matching', () => {
    const accounts = [account('sf', '001', { name: 'Acme' }), account('sf', '002', { name: 'Acme' })];
    const match = matchAccounts(accounts, NOW);
    expect(match.customers.map(({ records, matchedBy, ...rest }) => rest)).toEqual(accounts);
    expect(matchingText(match)).toBeNull();
  });

  it('states the rule and the counts in one sentence', () => {
    const match = matchAccounts([account('acme-sf', '1', { website: 'a.com' }), account('acme-hs', '2', { website: 'a.com' }), account('acme-hs', '3')], NOW);
    expect(matchingText(match)).toBe(
      'Accounts in both acme-sf and acme-hs are matched by website domain, else by name (punctuation and legal suffixes such as Inc., Ltd, GmbH ignored): ' +
        '2 customers (1 matched: 1 by domain, 0 by name). A matched customer counts once, at its larger ARR and the score of the record with the higher churn risk.',
    );
    expect(matchingLine(match)).toBe('1 customer held in acme-sf and acme-hs counted once (matched by website domain 1, by name 0; the report says how)');
  });
});

describe('what a matched customer counts for', () => {
  it('takes the larger ARR, the score of the riskier record, and the soonest renewal not yet past', () => {
    const combined = combineRecords(
      [
        account('sf', '001', { name: 'Acme', arr: 900, health: 70, band: 'green', churnRisk: 0.1, renewalDate: '2025-05-01', driversText: 'fine' }),
        account('hs', '9', { name: 'Acme Inc', arr: 1200, health: 35, band: 'red', churnRisk: 0.6, renewalDate: '2025-09-01', driversText: 'no activity' }),
      ],
      NOW,
    );
    expect(combined).toMatchObject({ connector: 'hs', accountId: '9', name: 'Acme', arr: 1200, health: 35, band: 'red', churnRisk: 0.6, renewalDate: '2025-09-01', driversText: 'no activity' });
  });

  it('keeps the latest renewal when every one is past, and ARR unknown only when no record knows it', () => {
    const combined = combineRecords([account('sf', '1', { arr: null, renewalDate: '2025-01-01' }), account('hs', '2', { arr: null, renewalDate: '2025-03-01' })], NOW);
    expect(combined).toMatchObject({ arr: null, renewalDate: '2025-03-01' });
  });

  it('recombines a customer from the records of the connectors movers can compare', () => {
    const match = matchAccounts([account('sf', '1', { website: 'a.com', churnRisk: 0.9 }), account('hs', '2', { website: 'a.com', churnRisk: 0.2 })], NOW);
    expect(match.customers[0]!.connector).toBe('sf');
    const [hsOnly] = customersIn(match, new Set(['hs']), NOW);
    expect(hsOnly).toMatchObject({ connector: 'hs', accountId: '2', matchedBy: null });
    expect(customersIn(match, new Set(['sf', 'hs']), NOW)[0]).toBe(match.customers[0]);
  });
});
