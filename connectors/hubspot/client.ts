import { Client } from '@hubspot/api-client';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { accessTokens, type AccessTokens } from './accessToken.js';
import type { HubSpotOptions } from './optionsSchema.js';

/**
 * The SDK's API objects this connector uses, resolved once. One `Client` per connector, pointed
 * at `baseUrl` (the real API, a proxy or the emulator).
 */
export interface HubSpotApis {
  objects: Client['crm']['objects']['basicApi'];
  batch: Client['crm']['objects']['batchApi'];
  search: Client['crm']['objects']['searchApi'];
  associations: Client['crm']['associations']['v4']['batchApi'];
  properties: Client['crm']['properties']['coreApi'];
  propertyGroups: Client['crm']['properties']['groupsApi'];
  owners: Client['crm']['owners']['ownersApi'];
  pipelines: Client['crm']['pipelines']['pipelinesApi'];
  /** Raw requests for endpoints the SDK does not wrap (account info). Never throws on a status. */
  raw: Client['apiRequest'];
  /** The bearer token every call carries (an OAuth app's is refreshed as it expires). */
  tokens: AccessTokens;
}

export function createHubSpotApis(options: HubSpotOptions, retry?: RetryOptions): HubSpotApis {
  // Our retry policy owns retries and our queue owns pacing, so the SDK gets neither. Its
  // decorators live in a process-wide singleton that a Client sets when it is built and that an
  // API object picks up when first touched; resolving every API object right here, in the same
  // tick as the constructor, keeps another Client in the process (with other settings) from
  // decorating ours later.
  const client = new Client({
    // An OAuth app's token arrives with its first grant, before any call; until then nothing is sent.
    accessToken: options.auth.accessToken ?? 'awaiting-oauth-grant',
    basePath: options.baseUrl.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
  });
  const apis = resolveApis(client) as HubSpotApis;
  // The generated APIs copy the token when they are built (and 13.x ignores configured
  // middleware), so a new token means a new set of API objects, built in the same tick again.
  apis.tokens = accessTokens(options.auth, client.oauth.tokensApi, (token) => {
    client.setAccessToken(token);
    Object.assign(apis, resolveApis(client));
  }, retry);
  return apis;
}

function resolveApis(client: Client): Omit<HubSpotApis, 'tokens'> {
  const { crm } = client;
  return {
    objects: crm.objects.basicApi,
    batch: crm.objects.batchApi,
    search: crm.objects.searchApi,
    associations: crm.associations.v4.batchApi,
    properties: crm.properties.coreApi,
    propertyGroups: crm.properties.groupsApi,
    owners: crm.owners.ownersApi,
    pipelines: crm.pipelines.pipelinesApi,
    raw: client.apiRequest.bind(client),
  };
}
