import { Client } from '@hubspot/api-client';
import type { RetryOptions } from '../shared/retryPolicy.js';
import { accessTokens, isOAuthApp, type AccessTokens } from './accessToken.js';
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
  const config: ConstructorParameters<typeof Client>[0] & { accessToken: string } = {
    // An OAuth app's token arrives with its first grant, before any call; until then nothing is sent.
    accessToken: options.auth.accessToken ?? 'awaiting-oauth-grant',
    basePath: options.baseUrl.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
  };
  if (isOAuthApp(options.auth)) {
    // The generated APIs copy the token when they are built; this puts the current one on each request.
    const bearer = (context: unknown) => {
      (context as { setHeaderParam(name: string, value: string): void }).setHeaderParam('Authorization', `Bearer ${config.accessToken}`);
      return context;
    };
    config.middleware = [{ pre: bearer, post: (context) => context }];
  }
  const client = new Client(config);
  const { crm } = client;
  // Raw requests (`apiRequest`) read the client's config when they are made.
  const tokens = accessTokens(options.auth, client.oauth.tokensApi, (token) => (config.accessToken = token), retry);
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
    tokens,
  };
}
