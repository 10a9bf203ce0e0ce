import type { SchemaCatalog } from '../schema/catalog.js';
import { parseSoql } from './parser.js';
import { checkOffset, checkStatementLimits } from './statementLimits.js';
import { resolveQuery, type ResolvedQuery } from './resolve.js';
import { SoqlError, toApiError } from './soqlError.js';

/**
 * Parses and checks a statement against the org's schema. Problems come back as the API's own
 * 400 errors (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, ...) with the caret block.
 * @param now the instant relative date literals (TODAY, LAST_N_DAYS:n) are measured from
 */
export function prepareQuery(catalog: SchemaCatalog, soql: string, now: number): ResolvedQuery {
  try {
    checkStatementLimits(soql);
    const parsed = parseSoql(soql);
    checkOffset(parsed.offset);
    return resolveQuery(catalog, parsed, now);
  } catch (error) {
    if (error instanceof SoqlError) throw toApiError(soql, error);
    throw error;
  }
}
