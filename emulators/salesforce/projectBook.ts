import type { Book } from '../book/bookTypes.js';
import { websiteFor } from '../book/companyDomains.js';
import type { OrgCurrencies } from '../emulatorKit.js';
import { accountCurrencies, datedRates, decimalPlaces, rateOn, roundTo, toCurrency, type DatedRate } from '../orgCurrencies.js';
import { caseNumber } from './dml.js';
import { isoDateTime, storedDateTime } from './fieldValues.js';
import { makeId } from './ids.js';
import type { RecordTables } from './recordTables.js';
import type { SObjectSchema } from './schema/catalog.js';
import { stageNamed } from './schema/opportunityStages.js';
import type { OrgVariant } from './schema/orgVariants.js';

export interface IntegrationUser {
  username: string;
}

const ORIGINS = ['Email', 'Phone', 'Web'];

/** Book timestamps are already canonical ISO text: rows share those strings rather than copy them. */
const dt = storedDateTime;

const round2 = (n: number): number => Math.round(n * 100) / 100;

function expectDense(kind: string, index: number, position: number): void {
  if (index !== position) throw new Error(`book ${kind} ${index} is out of order: ids follow book indexes, expected ${position}`);
}

/**
 * Loads the CRM-neutral book into the tables as an org would hold it. Ids follow book indexes
 * (account i is the (i+1)-th Account id), so tests can find a book row's record directly.
 * Rows are filled field by field on a blank row and share id strings, which keeps 1.5M rows
 * within a few hundred megabytes. The org's variant decides the customer-success fields, the
 * Opportunity types and the Case priorities. Returns the newest modification instant (the clock's floor).
 */
export function projectBook(
  book: Book,
  tables: RecordTables,
  integration: IntegrationUser,
  org: { variant: OrgVariant; opportunityTypes: string[]; currencies?: OrgCurrencies },
): number {
  const { variant, opportunityTypes, currencies } = org;
  const schema = (name: string): SObjectSchema => tables.catalog.get(name) as SObjectSchema;
  const [userSchema, accountSchema, oppSchema, caseSchema] = ['User', 'Account', 'Opportunity', 'Case'].map(schema) as SObjectSchema[] as [
    SObjectSchema, SObjectSchema, SObjectSchema, SObjectSchema,
  ];
  const userIds = Array.from({ length: book.users.length + 1 }, (_, i) => makeId('005', i + 1));
  const apiUserId = userIds[book.users.length] as string;
  const accountIds = book.accounts.map((a) => makeId('001', a.index + 1));
  const oldest = book.accounts.reduce((min, a) => (dt(a.createdAt) < min ? dt(a.createdAt) : min), dt(book.asOf));
  const orgBirth = isoDateTime(Date.parse(oldest) - 86_400_000);
  let newest = orgBirth;
  // Multi-currency: each account's currency by index; its ARR at the current rate, its
  // opportunities' amounts at the rate in force on their close date (dated rates) or the current one.
  const accountCode = currencies ? accountCurrencies(currencies, book.accounts.length) : [];
  const currentRate = new Map(currencies?.currencies.map((c) => [c.code, c.rate]));
  const closeDates = book.opportunities.map((o) => o.closeDate.slice(0, 10)).sort();
  const dated: DatedRate[] =
    currencies?.dated === true ? datedRates(currencies, closeDates[0] ?? book.asOf.slice(0, 10), closeDates[closeDates.length - 1] ?? book.asOf.slice(0, 10), book.asOf.slice(0, 10)) : [];
  const later = (a: string, b: string): string => (a > b ? a : b);

  const users = tables.table(userSchema);
  const addUser = (id: string, first: string, last: string, email: string, username: string, active: boolean): void => {
    const row = userSchema.blankRow();
    if (currencies) row.CurrencyIsoCode = currencies.corporate;
    Object.assign(row, {
      Id: id, Username: username, LastName: last, FirstName: first, Name: `${first} ${last}`, Email: email,
      Alias: (first.slice(0, 1) + last.slice(0, 4)).toLowerCase(), IsActive: active, CreatedDate: orgBirth,
      CreatedById: apiUserId, LastModifiedDate: orgBirth, LastModifiedById: apiUserId, SystemModstamp: orgBirth,
    });
    users.append(row);
  };
  book.users.forEach((u, i) => {
    expectDense('user', u.index, i);
    addUser(userIds[i] as string, u.firstName, u.lastName, u.email, u.email, u.isActive);
  });
  const apiEmail = integration.username.includes('@') ? integration.username : `${integration.username}@example.com`;
  addUser(apiUserId, 'Vitals', 'Integration', apiEmail, integration.username, true);

  const accounts = tables.table(accountSchema);
  const accountOwner: string[] = [];
  book.accounts.forEach((a, i) => {
    expectDense('account', a.index, i);
    const owner = userIds[a.ownerIndex] ?? apiUserId;
    accountOwner[i] = owner;
    const modified = dt(a.modifiedAt);
    newest = later(newest, modified);
    const row = accountSchema.blankRow();
    row.Id = accountIds[i] as string;
    row.IsDeleted = false;
    row.Name = a.name;
    row.Type = 'Customer - Direct';
    row.Industry = a.industry;
    row.NumberOfEmployees = a.employees;
    row.Website = websiteFor(a.name, i);
    row.OwnerId = owner;
    row.CreatedDate = dt(a.createdAt);
    row.CreatedById = owner;
    row.LastModifiedDate = modified;
    row.LastModifiedById = owner;
    row.SystemModstamp = modified;
    row.LastActivityDate = a.lastActivityAt ? a.lastActivityAt.slice(0, 10) : null;
    const code = accountCode[i];
    if (code === undefined) variant.fillAccount(row, a);
    else {
      row.CurrencyIsoCode = code;
      variant.fillAccount(row, { ...a, arr: toCurrency(a.arr, currentRate.get(code) ?? 1, code) });
    }
    accounts.append(row);
  });

  const opportunities = tables.table(oppSchema);
  const type = (kind: 'new' | 'renewal' | 'expansion') => variant.opportunityType(kind, opportunityTypes);
  const typeByKind = { new: type('new'), renewal: type('renewal'), expansion: type('expansion') };
  book.opportunities.forEach((o, i) => {
    expectDense('opportunity', o.index, i);
    const owner = accountOwner[o.accountIndex] ?? apiUserId;
    const modified = dt(o.modifiedAt);
    newest = later(newest, modified);
    const stage = stageNamed(o.stage);
    const category = stage?.forecastCategory ?? (o.isClosed ? (o.isWon ? 'Closed' : 'Omitted') : 'Pipeline');
    const row = oppSchema.blankRow();
    row.Id = makeId('006', i + 1);
    row.IsDeleted = false;
    row.AccountId = accountIds[o.accountIndex] ?? null;
    row.Name = o.name;
    row.StageName = stage?.name ?? o.stage;
    const code = accountCode[o.accountIndex];
    if (code === undefined) row.Amount = round2(o.amount);
    else {
      const rate = dated.length > 0 ? rateOn(dated, code, o.closeDate.slice(0, 10)) : (currentRate.get(code) ?? 1);
      row.CurrencyIsoCode = code;
      row.Amount = toCurrency(o.amount, rate, code);
    }
    row.Probability = Math.round(o.probability);
    row.CloseDate = o.closeDate;
    row.Type = typeByKind[o.kind];
    row.IsClosed = o.isClosed;
    row.IsWon = o.isWon;
    row.ForecastCategory = category;
    row.ForecastCategoryName = category;
    row.OwnerId = owner;
    row.CreatedDate = dt(o.createdAt);
    row.CreatedById = owner;
    row.LastModifiedDate = modified;
    row.LastModifiedById = owner;
    row.SystemModstamp = modified;
    opportunities.append(row);
  });

  const cases = tables.table(caseSchema);
  book.tickets.forEach((t, i) => {
    expectDense('ticket', t.index, i);
    const owner = accountOwner[t.accountIndex] ?? apiUserId;
    const modified = dt(t.modifiedAt);
    newest = later(newest, modified);
    const row = caseSchema.blankRow();
    row.Id = makeId('500', i + 1);
    row.IsDeleted = false;
    row.CaseNumber = caseNumber(i);
    row.AccountId = accountIds[t.accountIndex] ?? null;
    row.Status = t.status;
    row.Origin = ORIGINS[i % ORIGINS.length] as string;
    row.Subject = t.subject;
    row.Priority = variant.casePriority(t.priority);
    row.IsClosed = t.isClosed;
    row.ClosedDate = t.closedAt ? dt(t.closedAt) : null;
    row.IsEscalated = t.isEscalated;
    row.OwnerId = owner;
    row.CreatedDate = dt(t.createdAt);
    row.CreatedById = owner;
    row.LastModifiedDate = modified;
    row.LastModifiedById = owner;
    row.SystemModstamp = modified;
    variant.fillCase(row, t);
    const code = accountCode[t.accountIndex];
    if (code !== undefined) row.CurrencyIsoCode = code;
    cases.append(row);
  });

  if (currencies) {
    const audit = { CreatedDate: orgBirth, CreatedById: apiUserId, LastModifiedDate: orgBirth, LastModifiedById: apiUserId, SystemModstamp: orgBirth };
    const currencyTypes = tables.table(schema('CurrencyType'));
    currencies.currencies.forEach((c, i) => {
      currencyTypes.append(schema('CurrencyType').newRow({
        Id: makeId('02E', i + 1), IsoCode: c.code, ConversionRate: roundTo(c.rate, 6), DecimalPlaces: decimalPlaces(c.code),
        IsActive: true, IsCorporate: c.code === currencies.corporate, ...audit,
      }));
    });
    if (dated.length > 0) {
      const datedSchema = schema('DatedConversionRate');
      const rates = tables.table(datedSchema);
      dated.forEach((r, i) => {
        rates.append(datedSchema.newRow({ Id: makeId('04w', i + 1), IsoCode: r.code, ConversionRate: r.rate, StartDate: r.startDate, NextStartDate: r.nextStartDate, ...audit }));
      });
    }
  }
  return Date.parse(newest);
}
