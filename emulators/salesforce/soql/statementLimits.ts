import { SoqlError } from './soqlError.js';

/**
 * "SOQL and SOSL Limits for Search Queries" (developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/
 * salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm): "Maximum length of SOQL
 * statements: By default, 100,000 characters." Longer statements are refused as MALFORMED_QUERY.
 */
export const MAX_SOQL_LENGTH = 100_000;

/**
 * "OFFSET" (developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_offset.htm):
 * "The maximum offset is 2,000 rows. Requesting an offset greater than 2,000 results in a
 * NUMBER_OUTSIDE_VALID_RANGE error."
 */
export const MAX_SOQL_OFFSET = 2000;

export function checkStatementLimits(soql: string): void {
  if (soql.length > MAX_SOQL_LENGTH) {
    throw new SoqlError('MALFORMED_QUERY', `SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters (this one has ${soql.length})`);
  }
}

export function checkOffset(offset: number | undefined): void {
  if (offset !== undefined && offset > MAX_SOQL_OFFSET) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_SOQL_OFFSET}`);
}
