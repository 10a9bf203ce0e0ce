import { z } from 'zod';

/**
 * CRM field and object names. Mapped names end up in SOQL and in HubSpot requests, so anything
 * beyond a plain identifier (spaces, quotes, parentheses, commas) is refused here, once.
 */
export const crmIdentifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, { error: 'expected a CRM field name: letters, digits and underscores, starting with a letter' });

/** A field taken from an associated record (HubSpot deal/ticket → company) instead of a property. */
const association = z.strictObject({ association: crmIdentifier });
const fieldSource = z.union([crmIdentifier, association], {
  error: 'expected a CRM field name or { association: <object> }',
});

export const canonicalFields = {
  accounts: ['name', 'owner_id', 'segment', 'arr', 'currency', 'renewal_date', 'website', 'external_id', 'seats', 'last_activity_at', 'created_at'],
  opportunities: ['account_id', 'name', 'type', 'stage', 'probability', 'is_closed', 'is_won', 'amount', 'currency', 'close_date', 'created_at'],
  tickets: ['account_id', 'subject', 'priority', 'status', 'is_closed', 'is_escalated', 'created_at', 'closed_at', 'csat'],
  owners: ['name', 'first_name', 'last_name', 'email', 'is_active'],
} as const;
export type CanonicalField<O extends keyof typeof canonicalFields> = (typeof canonicalFields)[O][number];

/** Canonical fields every mapping names: a record means nothing without them. */
export const requiredFields = {
  accounts: ['name'],
  opportunities: ['account_id', 'stage', 'close_date'],
  tickets: ['account_id', 'created_at'],
  owners: [],
} as const satisfies { [O in keyof typeof canonicalFields]: readonly CanonicalField<O>[] };

/** Numeric canonical fields, and their units: a CRM that keeps one in other units scales it (`scale:`). */
const numericFields = {
  accounts: ['arr', 'seats'],
  opportunities: ['probability', 'amount'],
  tickets: ['csat'],
  owners: [],
} as const satisfies { [O in keyof typeof canonicalFields]: readonly CanonicalField<O>[] };

function objectMapping<O extends keyof typeof canonicalFields>(object: O) {
  const required: readonly string[] = requiredFields[object];
  const shape = Object.fromEntries(
    canonicalFields[object].map((field) => [field, required.includes(field) ? fieldSource : fieldSource.optional()]),
  ) as Record<CanonicalField<O>, typeof fieldSource>;
  return z.strictObject({
    /** CRM object read for this canonical object (`Account`, `companies`, ...). */
    source: crmIdentifier,
    fields: z.strictObject(shape),
    /** CRM value → canonical value, per canonical field (picklists: opportunity type, priority). */
    values: z.partialRecord(z.enum(canonicalFields[object]), z.record(z.string(), z.string())).optional(),
    /**
     * Factor a numeric CRM value is multiplied by to reach the canonical unit, per canonical field
     * (HubSpot keeps stage probability as 0-1, the canonical probability is 0-100: `probability: 100`).
     */
    scale: z.partialRecord(z.enum(numericFields[object]), z.number().positive()).optional(),
  });
}

export const overwritePolicy = z.enum(['always', 'if-unchanged', 'if-empty']);
export type OverwritePolicy = z.infer<typeof overwritePolicy>;

const writebackField = z.union(
  [crmIdentifier.transform((field) => ({ field, policy: 'always' as const })), z.strictObject({ field: crmIdentifier, policy: overwritePolicy.default('always') })],
  { error: 'expected a field name or { field, policy: always|if-unchanged|if-empty }' },
);

export const scoreOutputs = ['health_score', 'health_band', 'churn_risk', 'health_trend', 'health_drivers', 'scored_at'] as const;
export type ScoreOutput = (typeof scoreOutputs)[number];

export const mappingSchema = z.strictObject({
  objects: z.strictObject({
    accounts: objectMapping('accounts').extend({
      /** Extra numeric account fields scored as measures (usage, NPS): measure name → CRM field. */
      extras: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'expected a lowercase measure name' }), crmIdentifier).optional(),
      /** Account field whose value picks the per-segment scoring weights. */
      segmentField: crmIdentifier.optional(),
    }),
    opportunities: objectMapping('opportunities'),
    tickets: objectMapping('tickets'),
    owners: objectMapping('owners'),
  }),
  writeback: z.strictObject({
    /** CRM object the scores are written to. */
    object: crmIdentifier,
    fields: z.partialRecord(z.enum(scoreOutputs), writebackField),
  }),
  tasks: z.strictObject({
    object: crmIdentifier,
    /** Unique (external id) field holding the task's dedupe key. */
    dedupeField: crmIdentifier,
  }),
});

export type WrittenMapping = z.input<typeof mappingSchema>;
export type Mapping = z.output<typeof mappingSchema>;
