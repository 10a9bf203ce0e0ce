/** Parsed SOQL, positions kept so semantic errors can point at the offending token. */

export interface FieldRef {
  kind: 'field';
  /** Segments as written (`Account`, `Name`); a leading FROM alias is already removed. */
  path: string[];
  start: number;
}

export type AggregateName = 'COUNT' | 'COUNT_DISTINCT' | 'MIN' | 'MAX' | 'SUM' | 'AVG';

export interface AggregateRef {
  kind: 'aggregate';
  fn: AggregateName;
  arg: FieldRef;
  alias?: string;
  start: number;
}

export type SelectItem = FieldRef | AggregateRef;

export type Literal =
  | { kind: 'string'; raw: string; value: string; start: number }
  | { kind: 'number'; text: string; value: number; start: number }
  | { kind: 'boolean'; value: boolean; start: number }
  | { kind: 'null'; start: number }
  | { kind: 'date'; value: string; start: number }
  | { kind: 'datetime'; text: string; value: number; start: number }
  | { kind: 'dateLiteral'; name: string; n?: number; start: number };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: 'like'; field: FieldRef; pattern: Literal & { kind: 'string' } }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: 'semiJoin'; field: FieldRef; negated: boolean; query: SoqlQuery };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** Empty for `SELECT COUNT() ...`. */
  select: SelectItem[];
  countOnly: boolean;
  from: { name: string; start: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
