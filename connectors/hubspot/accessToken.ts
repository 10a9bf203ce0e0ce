import type { Client } from '@hubspot/api-client';

type TokensApi = Client['oauth']['tokensApi'];
import { FatalError, registerSecret, RetriableApiError } from '../../src/contracts/connector.js';
import { isTransientNetworkError, withRetry, type RetryOptions } from '../shared/retryPolicy.js';
import type { HubSpotOptions } from './optionsSchema.js';

/**
 * The bearer token the connector's calls carry. A private-app token is fixed. An OAuth app's
 * access token lives 30 minutes: it is obtained with the refresh token on first use and again
 * whenever HubSpot answers 401, once however many calls in flight saw the 401.
 */
export interface AccessTokens {
  /** The token to send now. */
  current(): Promise<string>;
  /** After `used` was refused: true once a newer token is in place, false when there can be none (private app). */
  refreshAfter(used: string): Promise<boolean>;
}

type Auth = HubSpotOptions['auth'];

export function isOAuthApp(auth: Auth): auth is Auth & { clientId: string; clientSecret: string; refreshToken: string } {
  return auth.accessToken === undefined;
}

/**
 * @param apply puts a token on the client (every later request carries it)
 * @param tokensApi the SDK's OAuth tokens API of the connector's client
 */
export function accessTokens(auth: Auth, tokensApi: TokensApi, apply: (token: string) => void, retry: RetryOptions = {}): AccessTokens {
  if (!isOAuthApp(auth)) {
    const token = auth.accessToken as string;
    apply(token);
    return { current: async () => token, refreshAfter: async () => false };
  }
  let value: string | undefined;
  let pending: Promise<string> | undefined;
  const grant = () => {
    pending ??= requestToken(tokensApi, auth, retry)
      .then((token) => {
        registerSecret(token);
        value = token;
        apply(token);
        return token;
      })
      .finally(() => (pending = undefined));
    return pending;
  };
  return {
    current: async () => value ?? (await grant()),
    refreshAfter: async (used) => {
      if (value !== undefined && value !== used) return true;
      await grant();
      return true;
    },
  };
}

async function requestToken(tokensApi: TokensApi, auth: { clientId: string; clientSecret: string; refreshToken: string }, retry: RetryOptions): Promise<string> {
  return withRetry(async () => {
    try {
      const reply = await tokensApi.create('refresh_token', undefined, undefined, auth.clientId, auth.clientSecret, auth.refreshToken);
      return reply.accessToken;
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      if (typeof status === 'number' && status < 500 && status !== 429) {
        const body = (error as { body?: { status?: string; message?: string } }).body;
        // The body names the cause (BAD_REFRESH_TOKEN, BAD_CLIENT_ID...), never the secret itself.
        throw new FatalError('HUBSPOT_OAUTH', `HubSpot refused the OAuth refresh (${status} ${body?.status ?? ''}): ${body?.message ?? 'no message'} - check auth.clientId, auth.clientSecret and auth.refreshToken`);
      }
      if (typeof status === 'number' || isTransientNetworkError(error)) {
        throw new RetriableApiError('HUBSPOT_OAUTH_UNAVAILABLE', `HubSpot's token endpoint failed (${typeof status === 'number' ? status : (error as Error).message})`);
      }
      throw new FatalError('HUBSPOT_UNREACHABLE', `HubSpot token endpoint: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }, retry);
}
