import { z } from 'zod';
import type { CrmRecord, FieldDescription, PulledPage, PullRequest } from '../../src/contracts/connector.js';
import type { HubSpotContext } from './context.js';

/** The owners API pages up to 500; owners are few, so one or two calls cover a portal. */
export const OWNERS_PAGE = 500;

/**
 * Owners are not CRM objects: they have no properties, no search and no modification filter, so
 * every run reads them all, active ones then archived ones (deactivated users). `active` is ours:
 * the API says `archived`, the canonical model says whether the owner can still take work.
 */
export const OWNER_FIELDS: readonly FieldDescription[] = [
  { name: 'firstName', label: 'First name', type: 'string', kind: 'text', updateable: false },
  { name: 'lastName', label: 'Last name', type: 'string', kind: 'text', updateable: false },
  { name: 'email', label: 'Email', type: 'string', kind: 'text', updateable: false },
  { name: 'userId', label: 'User ID', type: 'number', kind: 'reference', updateable: false },
  { name: 'type', label: 'Owner type', type: 'enumeration', kind: 'picklist', updateable: false, options: [{ value: 'PERSON', label: 'Person' }, { value: 'QUEUE', label: 'Queue' }] },
  { name: 'archived', label: 'Archived (deactivated user)', type: 'bool', kind: 'boolean', updateable: false },
  { name: 'active', label: 'Active (not archived; derived by crm-vitals)', type: 'bool', kind: 'boolean', updateable: false },
];

const ownersCursorSchema = z.object({ v: z.literal(1), owners: z.enum(['active', 'archived', 'done']), after: z.string().optional() });
type OwnersCursor = z.infer<typeof ownersCursorSchema>;

export async function* ownersPull(ctx: HubSpotContext, request: PullRequest): AsyncGenerator<PulledPage> {
  const saved = ownersCursorSchema.safeParse(request.since ?? {});
  let cursor: OwnersCursor = saved.success && saved.data.owners !== 'done' ? saved.data : { v: 1, owners: 'active' };
  while (cursor.owners !== 'done') {
    const archived = cursor.owners === 'archived';
    const after = cursor.after;
    const page = await ctx.call('api', `owners${archived ? ' (archived)' : ''}`, () =>
      ctx.apis.owners.getPageWithHttpInfo(undefined, after, OWNERS_PAGE, archived),
    );
    const records = page.results.map((owner) => ownerRecord(owner, request.fields));
    const next = page.paging?.next?.after;
    cursor = next ? { v: 1, owners: cursor.owners, after: next } : { v: 1, owners: archived ? 'done' : 'archived' };
    yield { records, deletedIds: [], cursor: { ...cursor } };
  }
}

interface Owner {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  userId?: number;
  type: string;
  archived: boolean;
  updatedAt: Date;
}

function ownerRecord(owner: Owner, fields: readonly string[]): CrmRecord {
  const all: Record<string, unknown> = {
    firstName: owner.firstName ?? null,
    lastName: owner.lastName ?? null,
    email: owner.email ?? null,
    userId: owner.userId ?? null,
    type: owner.type,
    archived: owner.archived,
    active: !owner.archived,
  };
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field] = all[field] ?? null;
  return { id: owner.id, fields: values, modifiedAt: owner.updatedAt.toISOString() };
}
