import type { Logger } from '../../src/contracts/connector.js';
import type { ApiBudgetTracker } from '../shared/apiBudget.js';
import type { ApiCaller, CallStats } from './callApi.js';
import type { HubSpotApis } from './client.js';
import type { HubSpotOptions } from './optionsSchema.js';

/** What every verb of the HubSpot connector works with; built once per connector. */
export interface HubSpotContext {
  name: string;
  options: HubSpotOptions;
  apis: HubSpotApis;
  call: ApiCaller;
  budget: ApiBudgetTracker;
  stats: CallStats;
  log: Logger;
}

/** Largest batch HubSpot's batch endpoints accept. */
export const BATCH_LIMIT = 100;
/** Largest page of the list endpoints. */
export const LIST_PAGE = 100;
/** Largest page of search (raised from 100 in September 2024). */
export const SEARCH_PAGE = 200;
