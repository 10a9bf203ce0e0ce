import { z } from 'zod';

/**
 * What a usage source's rows look like, shared by every built-in source: raw events, or daily
 * aggregates, in long form (a metric and a value column) or wide (a column per metric). All name
 * the columns as the data names them.
 */

/** A column's name in the data; `holds` says what it holds, for the message when it is missing. */
function column(holds: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `required: the name of the column that holds ${holds}` : 'a column name') }).min(1, 'a column name');
}

const eventsShape = z.strictObject({
  /** Each row is one event (a page view, an API call, a session). */
  format: z.literal('events'),
  columns: z.strictObject({
    /** The account key: a domain, an external id, a CRM id. */
    account: column('the account key'),
    /** When the event happened: a timestamp, timestamptz, date, or ISO-8601 text; days are UTC days. */
    time: column("the event's time"),
    /** Who did it; distinct users give activeUsers and activeUsers30d. */
    user: column('the user id'),
    /** Which feature was used; without it features30d is not known (null). */
    feature: column('the feature used').optional(),
  }),
});

const dailyMetrics = z
  .strictObject({
    activeUsers: z.string().min(1).optional(),
    activeUsers30d: z.string().min(1).optional(),
    events: z.string().min(1).optional(),
    features30d: z.string().min(1).optional(),
    seats: z.string().min(1).optional(),
  })
  .refine((m) => m.activeUsers !== undefined || m.activeUsers30d !== undefined || m.events !== undefined, {
    message: 'name the metric value of at least one of activeUsers, activeUsers30d, events (e.g. `events: sessions`): seats and features30d alone say nothing of use',
  });

const dailyShape = z.strictObject({
  /**
   * Daily aggregates: in long form each row is one metric of one account on one day (columns
   * account, day, metric, value); wide, each row is one account on one day with a column per
   * metric (columns account, day; no metric and value).
   */
  format: z.literal('daily'),
  columns: z
    .strictObject({
      account: column('the account key'),
      /** The UTC day: a date, a timestamp (its UTC day), or ISO-8601 text. */
      day: column('the day'),
      /** Long form: the metric's name in the data (`dau`, `sessions`, ...). */
      metric: column("the metric's name").optional(),
      /** Long form: its numeric value. */
      value: column("the metric's value").optional(),
    })
    .refine((c) => (c.metric === undefined) === (c.value === undefined), {
      message: 'name both metric and value (long form: one row per account, day and metric), or neither (wide: a column per metric, named under metrics)',
    }),
  /**
   * Long form: which metric name in the data feeds each canonical metric. Wide: which column
   * holds it. A metric not named stays null.
   */
  metrics: dailyMetrics,
});

/**
 * A source's options: the usage shape (by `format`) plus the source's own keys. Several rows for
 * one account, day and metric in `daily` data are summed for `events` (partial counts, e.g. one
 * per app) and maxed for the others: distinct counts and seat snapshots repeat the same people,
 * so a sum would count them twice.
 */
export function withUsageShape<Own extends z.ZodRawShape>(own: Own) {
  return z.discriminatedUnion('format', [eventsShape.extend(own), dailyShape.extend(own)], {
    error: 'events (one row per event: columns account, time, user, feature) or daily (one row per account, day and metric: columns account, day, metric, value)',
  });
}

export type EventsShape = z.infer<typeof eventsShape>;
export type DailyShape = z.infer<typeof dailyShape>;

/** Wide daily rows: a column per metric, no metric/value columns. */
export function isWide(shape: UsageShape): shape is DailyShape {
  return shape.format === 'daily' && shape.columns.metric === undefined;
}
export type UsageShape = EventsShape | DailyShape;
