import type { HubSpotContext } from './context.js';
import { orderLinks } from './records.js';

/** v4 batch read takes up to 1,000 inputs; our pages are at most 200. */
const READ_LIMIT = 1_000;

/**
 * Associated ids for a page of records, one v4 batch read per associated object, primary first.
 * Search results carry no associations, and a list result's inline ones may be cut short, so
 * this is how those pages learn their companies. Records with no association get an empty list.
 */
export async function readLinks(ctx: HubSpotContext, from: string, ids: readonly string[], targets: readonly string[]): Promise<Map<string, Record<string, string[]>>> {
  const byRecord = new Map<string, Record<string, string[]>>(ids.map((id) => [id, {}]));
  for (const target of targets) {
    const found = new Map<string, { id: string; primary: boolean }[]>();
    let pending = ids.map((id) => ({ id, after: undefined as string | undefined }));
    while (pending.length > 0) {
      const inputs = pending.slice(0, READ_LIMIT);
      pending = pending.slice(READ_LIMIT);
      const reply = await ctx.call('api', `associations ${from}→${target}`, () =>
        ctx.apis.associations.getPageWithHttpInfo(from, target, { inputs: inputs.map((i) => (i.after ? { id: i.id, after: i.after } : { id: i.id })) }),
      );
      // Ids without any association come back as 207 errors; they simply have no links.
      for (const result of reply.results) {
        const id = String(result._from.id);
        const links = found.get(id) ?? [];
        for (const to of result.to) {
          links.push({ id: String(to.toObjectId), primary: to.associationTypes.some((t) => t.label === 'Primary') });
        }
        found.set(id, links);
        const after = result.paging?.next?.after;
        if (after) pending.push({ id, after });
      }
    }
    for (const id of ids) (byRecord.get(id) as Record<string, string[]>)[target] = orderLinks(found.get(id) ?? []);
  }
  return byRecord;
}
