import type { ObjectTypeName } from './objectTypes.js';

/** A HUBSPOT_DEFINED association type between two object types, one direction. */
export interface AssociationTypeDef {
  typeId: number;
  from: ObjectTypeName;
  to: ObjectTypeName;
  /** The v3 name (`deal_to_company`, `deal_to_company_unlabeled`). */
  name: string;
  /** The v4 label: `Primary` for primary associations, null for the unlabeled ones. */
  label: string | null;
  inverse: number;
  /** The unlabeled type every association carries; what "default" associations create. */
  isDefault: boolean;
  /** At most one target per source (a deal has one primary company). */
  single: boolean;
}

function pair(
  from: ObjectTypeName,
  to: ObjectTypeName,
  forward: number,
  backward: number,
  primary: boolean,
): [AssociationTypeDef, AssociationTypeDef] {
  const fs = from.replace(/s$/, '').replace(/ie$/, 'y');
  const ts = to.replace(/s$/, '').replace(/ie$/, 'y');
  const suffix = primary ? '' : from === 'tasks' || to === 'tasks' || (from !== 'companies' && to !== 'companies') ? '' : '_unlabeled';
  return [
    { typeId: forward, from, to, name: `${fs}_to_${ts}${suffix}`, label: primary ? 'Primary' : null, inverse: backward, isDefault: !primary, single: primary },
    { typeId: backward, from: to, to: from, name: `${ts}_to_${fs}${suffix}`, label: primary ? 'Primary' : null, inverse: forward, isDefault: !primary, single: false },
  ];
}

/** Type ids as the SDK's `AssociationTypes` export names them. */
export const ASSOCIATION_TYPES: readonly AssociationTypeDef[] = [
  ...pair('deals', 'companies', 341, 342, false),
  ...pair('deals', 'companies', 5, 6, true),
  ...pair('tickets', 'companies', 339, 340, false),
  ...pair('tickets', 'companies', 26, 25, true),
  ...pair('tasks', 'companies', 192, 191, false),
  ...pair('tasks', 'deals', 216, 215, false),
  ...pair('tasks', 'tickets', 230, 229, false),
  ...pair('deals', 'tickets', 27, 28, false),
];

/**
 * Developer changelog "Bug Fix: Batch Read Limit for HubSpot Associations API"
 * (developers.hubspot.com/changelog/bug-fix-batch-read-limit-for-hubspot-associations-api):
 * batch reads of the v3 and v4 Associations API take at most 1,000 inputs since 10 Feb 2025.
 */
export const BATCH_READ_MAX_INPUTS = 1000;

const byId = new Map(ASSOCIATION_TYPES.map((d) => [d.typeId, d]));
const byName = new Map(ASSOCIATION_TYPES.map((d) => [d.name, d]));

export function associationType(typeId: number): AssociationTypeDef | undefined {
  return byId.get(typeId);
}

export function associationTypeByName(name: string): AssociationTypeDef | undefined {
  return byName.get(name);
}

export function defaultAssociationType(from: ObjectTypeName, to: ObjectTypeName): AssociationTypeDef | undefined {
  return ASSOCIATION_TYPES.find((d) => d.from === from && d.to === to && d.isDefault);
}

export interface AssociationEdge {
  toSeq: number;
  typeIds: readonly number[];
}

/**
 * Associations in both directions, keyed by record position (`HsRecord.seq`, a small integer
 * rather than an 11-digit id). Each source maps to a flat `[toSeq, typeSet, ...]` array with
 * interned type sets, so 1.5 million deal/ticket → company links stay compact.
 */
export class AssociationIndex {
  /** `from>to` → links by source position (a holey array: positions are small and dense). */
  private readonly directed = new Map<string, (number[] | undefined)[]>();
  private readonly typeSets: number[][] = [];
  private readonly typeSetIndex = new Map<string, number>();

  /** Adds types (each with its unlabeled companion) between two records, both directions. */
  add(from: ObjectTypeName, fromSeq: number, to: ObjectTypeName, toSeq: number, typeIds: readonly number[]): void {
    const defs = new Set<AssociationTypeDef>();
    for (const id of typeIds) {
      const def = byId.get(id);
      if (!def || def.from !== from || def.to !== to) throw new Error(`association type ${id} does not link ${from} to ${to}`);
      defs.add(def);
      const companion = defaultAssociationType(from, to);
      if (companion) defs.add(companion);
    }
    for (const def of defs) {
      if (def.single) this.clearSingle(def, fromSeq, toSeq);
    }
    const forward = [...defs].map((d) => d.typeId);
    this.merge(`${from}>${to}`, fromSeq, toSeq, forward, true);
    this.merge(`${to}>${from}`, toSeq, fromSeq, forward.map((id) => (byId.get(id) as AssociationTypeDef).inverse), true);
  }

  /**
   * A fast adder for bulk loads: links the caller guarantees are new (no existing link between
   * the pair, at most one primary per source). Resolves and interns the types once.
   */
  linker(from: ObjectTypeName, to: ObjectTypeName, typeIds: readonly number[]): (fromSeq: number, toSeq: number) => void {
    const forwardIds = new Set<number>();
    for (const id of typeIds) {
      const def = byId.get(id);
      if (!def || def.from !== from || def.to !== to) throw new Error(`association type ${id} does not link ${from} to ${to}`);
      forwardIds.add(id);
      const companion = defaultAssociationType(from, to);
      if (companion) forwardIds.add(companion.typeId);
    }
    const forwardSet = this.intern([...forwardIds]);
    const backwardSet = this.intern([...forwardIds].map((id) => (byId.get(id) as AssociationTypeDef).inverse));
    const forward = this.pairMap(`${from}>${to}`);
    const backward = this.pairMap(`${to}>${from}`);
    return (fromSeq, toSeq) => {
      const f = forward[fromSeq];
      if (f) f.push(toSeq, forwardSet);
      else forward[fromSeq] = [toSeq, forwardSet];
      const b = backward[toSeq];
      if (b) b.push(fromSeq, backwardSet);
      else backward[toSeq] = [fromSeq, backwardSet];
    };
  }

  /** Removes the given types (all when omitted) between two records; true if anything changed. */
  remove(from: ObjectTypeName, fromSeq: number, to: ObjectTypeName, toSeq: number, typeIds?: readonly number[]): boolean {
    const removing = typeIds ?? this.typesBetween(from, fromSeq, to, toSeq);
    if (removing.length === 0) return false;
    const changed = this.merge(`${from}>${to}`, fromSeq, toSeq, removing, false);
    this.merge(`${to}>${from}`, toSeq, fromSeq, removing.map((id) => byId.get(id)?.inverse ?? -1), false);
    return changed;
  }

  /** Drops every association of a record, both directions (the record is gone for good). */
  removeAll(type: ObjectTypeName, seq: number): void {
    for (const key of [...this.directed.keys()]) {
      const [from, to] = key.split('>') as [ObjectTypeName, ObjectTypeName];
      if (from !== type) continue;
      for (const edge of this.list(from, seq, to)) this.remove(from, seq, to, edge.toSeq);
    }
  }

  /** Associations of one record to one type, ascending by target id. */
  list(from: ObjectTypeName, fromSeq: number, to: ObjectTypeName): AssociationEdge[] {
    const flat = this.directed.get(`${from}>${to}`)?.[fromSeq];
    if (!flat) return [];
    const out: AssociationEdge[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ toSeq: flat[i] as number, typeIds: this.typeSets[flat[i + 1] as number] as number[] });
    return out.sort((a, b) => a.toSeq - b.toSeq);
  }

  typesBetween(from: ObjectTypeName, fromSeq: number, to: ObjectTypeName, toSeq: number): readonly number[] {
    const flat = this.directed.get(`${from}>${to}`)?.[fromSeq];
    if (!flat) return [];
    for (let i = 0; i < flat.length; i += 2) if (flat[i] === toSeq) return this.typeSets[flat[i + 1] as number] as number[];
    return [];
  }

  private clearSingle(def: AssociationTypeDef, fromSeq: number, keepToSeq: number): void {
    for (const edge of this.list(def.from, fromSeq, def.to)) {
      if (edge.toSeq !== keepToSeq && edge.typeIds.includes(def.typeId)) this.remove(def.from, fromSeq, def.to, edge.toSeq, [def.typeId]);
    }
  }

  private pairMap(key: string): (number[] | undefined)[] {
    let bySource = this.directed.get(key);
    if (!bySource) {
      bySource = [];
      this.directed.set(key, bySource);
    }
    return bySource;
  }

  private merge(key: string, fromSeq: number, toSeq: number, typeIds: readonly number[], adding: boolean): boolean {
    const bySource = this.pairMap(key);
    let flat = bySource[fromSeq];
    let at = -1;
    if (flat) for (let i = 0; i < flat.length; i += 2) if (flat[i] === toSeq) at = i;
    const current = at >= 0 ? (this.typeSets[(flat as number[])[at + 1] as number] as number[]) : [];
    const next = adding ? [...new Set([...current, ...typeIds])] : current.filter((id) => !typeIds.includes(id));
    if (next.length === current.length && next.every((id) => current.includes(id))) return false;
    if (next.length === 0) {
      (flat as number[]).splice(at, 2);
      if ((flat as number[]).length === 0) bySource[fromSeq] = undefined;
      return true;
    }
    const setIndex = this.intern(next);
    if (!flat) {
      flat = [];
      bySource[fromSeq] = flat;
    }
    if (at >= 0) flat[at + 1] = setIndex;
    else flat.push(toSeq, setIndex);
    return true;
  }

  private intern(typeIds: number[]): number {
    const sorted = [...typeIds].sort((a, b) => a - b);
    const key = sorted.join(',');
    let index = this.typeSetIndex.get(key);
    if (index === undefined) {
      index = this.typeSets.length;
      this.typeSets.push(sorted);
      this.typeSetIndex.set(key, index);
    }
    return index;
  }
}
