import type { CrmRecord } from '../../src/contracts/connector.js';

/** The last-modified property on companies, deals, tickets and tasks. */
export const LAST_MODIFIED = 'hs_lastmodifieddate';

/** A record as list and search return it (the SDK's SimplePublicObject, associations optional). */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt: Date;
  archivedAt?: Date;
  associations?: Record<string, { results: { id: string; type: string }[]; paging?: { next?: { after?: string } } }>;
}

/**
 * A HubSpot record as the engine receives it: the requested properties exactly as HubSpot holds
 * them (strings, `null` when unset), so that our own write-back compares equal when it returns.
 */
export function toCrmRecord(object: HubSpotObject, fields: Record<string, unknown>, links?: Record<string, string[]>): CrmRecord {
  return { id: object.id, fields, modifiedAt: modifiedAt(object), ...(links ? { links } : {}) };
}

function modifiedAt(object: HubSpotObject): string {
  return new Date(modifiedMs(object)).toISOString();
}

/** `hs_lastmodifieddate` in epoch ms: what search filters and sorts on, so what cursors hold. */
export function modifiedMs(object: HubSpotObject): number {
  const stamp = object.properties[LAST_MODIFIED];
  const ms = stamp ? Date.parse(stamp) : Number.NaN;
  return Number.isFinite(ms) ? ms : object.updatedAt.getTime();
}

/**
 * Associated ids with the primary one first (a deal or ticket may have several companies; the
 * canonical row takes the first). HubSpot lists a primary link twice, as `deal_to_company` and
 * `deal_to_company_unlabeled`; other labels follow in id order.
 */
export function orderLinks(links: readonly { id: string; primary: boolean }[]): string[] {
  const sorted = [...links].sort((a, b) => Number(b.primary) - Number(a.primary) || compareIds(a.id, b.id));
  return [...new Set(sorted.map((l) => l.id))];
}

/** Inline v3 associations of one list result, keyed by the associated object, primary first. */
export function inlineLinks(object: HubSpotObject, from: string, targets: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const target of targets) {
    const primaryType = `${singular(from)}_to_${singular(target)}`;
    const results = object.associations?.[target]?.results ?? [];
    out[target] = orderLinks(results.map((r) => ({ id: String(r.id), primary: r.type === primaryType })));
  }
  return out;
}

/** True when a list result's inline associations were cut short and must be read in full. */
export function hasPagedInlineLinks(object: HubSpotObject, targets: readonly string[]): boolean {
  return targets.some((t) => object.associations?.[t]?.paging?.next?.after !== undefined);
}

function singular(objectType: string): string {
  return objectType.endsWith('ies') ? `${objectType.slice(0, -3)}y` : objectType.replace(/s$/, '');
}

/** HubSpot ids are numeric strings of varying length: compare as numbers. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
