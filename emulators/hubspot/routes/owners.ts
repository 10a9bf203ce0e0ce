import { HubSpotApiError, validationError } from '../errors.js';
import type { Owner } from '../store.js';
import { booleanParam, decodeCursor, encodeCursor, limitParam } from './requestParsing.js';
import { route, type RouteContext } from './routeContext.js';

/**
 * `/crm/v3/owners/`: active owners by default; `archived=true` lists the deactivated ones,
 * which is how a client learns that an account's owner has left.
 */
export function registerOwnerRoutes(ctx: RouteContext): void {
  const { store } = ctx;

  route(ctx, 'GET', '/crm/v3/owners', (req) => {
    const limit = limitParam(req.query, 100, 500);
    const archived = booleanParam(req.query, 'archived');
    const email = req.query.get('email')?.toLowerCase();
    const after = req.query.get('after');
    const matching = store.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email));
    const start = after ? decodeCursor(after) : 0;
    const page = matching.slice(start, start + limit);
    const body: Record<string, unknown> = { results: page.map(ownerJson) };
    const next = start + page.length;
    if (next < matching.length) {
      const cursor = encodeCursor(next);
      body.paging = { next: { after: cursor, link: `${ctx.baseUrl()}/crm/v3/owners/?after=${cursor}` } };
    }
    return { status: 200, body };
  });

  route(ctx, 'GET', '/crm/v3/owners/:ownerId', (req) => {
    const id = req.params.ownerId ?? '';
    const idProperty = req.query.get('idProperty') ?? 'id';
    if (idProperty !== 'id' && idProperty !== 'userId') throw validationError(`idProperty must be id or userId, got ${idProperty}`);
    const owner = idProperty === 'id' ? store.ownerById(id) : store.owners.find((o) => String(o.userId) === id);
    if (!owner || owner.archived !== booleanParam(req.query, 'archived')) {
      throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `Owner with ${idProperty} ${id} not found`, { context: { id: [id] } });
    }
    return { status: 200, body: ownerJson(owner) };
  });
}

function ownerJson(o: Owner): Record<string, unknown> {
  return {
    id: o.id,
    email: o.email,
    type: 'PERSON',
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userId,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
    archived: o.archived,
    teams: [],
  };
}
