import { filesOptionsSchema } from '../../../src/usage/sources/files/optionsSchema.js';
import { postgresOptionsSchema } from '../../../src/usage/sources/postgres/optionsSchema.js';

/** Every problem of an options entry at once, each at its key and saying what to write. */
const issues = (input: unknown) => filesOptionsSchema.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]);

it.each([
  ['no format', { path: 'usage/events.parquet', columns: {} }, [['format', expect.stringContaining('events (one row per event')]]],
  [
    'columns missing',
    { format: 'events', path: 'usage/events.parquet', columns: { account: 'account_domain' } },
    [
      ['columns.time', "required: the name of the column that holds the event's time"],
      ['columns.user', 'required: the name of the column that holds the user id'],
    ],
  ],
  [
    'daily metrics naming only seats',
    { format: 'daily', path: 'd.csv', columns: { account: 'a', day: 'd', metric: 'm', value: 'v' }, metrics: { seats: 'licenses' } },
    [['metrics', expect.stringContaining('at least one of activeUsers, activeUsers30d, events')]],
  ],
  [
    'a metric column without its value column',
    { format: 'daily', path: 'd.csv', columns: { account: 'a', day: 'd', metric: 'm' }, metrics: { events: 'sessions' } },
    [['columns', expect.stringContaining('name both metric and value (long form')]],
  ],
  ['an unknown key', { format: 'events', path: 'e.csv', columns: { account: 'a', time: 't', user: 'u' }, fileTyp: 'csv' }, [['', expect.stringContaining('fileTyp')]]],
])('%s', (_, input, expected) => {
  expect(issues(input)).toEqual(expected);
});

it('postgres: a postgres:// url, the query without its trailing semicolon, a 300 s statement timeout', () => {
  const parsed = postgresOptionsSchema.parse({ format: 'events', url: 'postgresql://app:pw@db:5432/product', query: ' SELECT * FROM events; ', columns: { account: 'a', time: 't', user: 'u' } });
  expect(parsed).toMatchObject({ query: 'SELECT * FROM events', statementTimeoutSeconds: 300 });
  expect(postgresOptionsSchema.safeParse({ format: 'events', url: 'mysql://db/x', query: 'SELECT 1', columns: { account: 'a', time: 't', user: 'u' } }).error?.issues[0]).toMatchObject({
    path: ['url'],
    message: 'a postgres://user:password@host:port/database URL',
  });
});
