import type { SalesforceApi } from './salesforceApi.js';

interface QueryPage<Row> {
  done: boolean;
  nextRecordsUrl?: string;
  records: Row[];
}

/**
 * The pages of a SOQL query's answer, following `nextRecordsUrl` (which carries the API version
 * the call path adds itself) until Salesforce says it is done. The pull (`soqlPull.ts`) reads its
 * pages ahead instead; this is for the small queries read one page after another.
 */
export async function* queryPages<Row>(api: SalesforceApi, soql: string): AsyncGenerator<Row[]> {
  let page = (await api.call<QueryPage<Row>>({ method: 'GET', path: '/query', query: { q: soql } })).body;
  for (;;) {
    yield page.records;
    if (page.done || !page.nextRecordsUrl) return;
    page = (await api.call<QueryPage<Row>>({ method: 'GET', path: page.nextRecordsUrl.replace(/^\/services\/data\/v\d+\.\d+/, '') })).body;
  }
}
