import { Connection, type UserInfo } from 'jsforce';
import { FatalError, registerSecret, RetriableApiError } from '../../src/contracts/connector.js';
import { isTransientNetworkError, withRetry, type RetryOptions } from '../shared/retryPolicy.js';
import type { SalesforceOptions } from './optionsSchema.js';

type Auth = SalesforceOptions['auth'];

/** The OAuth grant each configured auth flow logs in (and later re-authenticates) with. */
function grantFor(auth: Auth): Record<string, string> | 'soap' {
  if ('refreshToken' in auth) return { grant_type: 'refresh_token', refresh_token: auth.refreshToken };
  if ('username' in auth) {
    // Without a connected app jsforce can only use the SOAP login, which Salesforce retires in Summer '27.
    if (!auth.clientId || !auth.clientSecret) return 'soap';
    return { grant_type: 'password', username: auth.username, password: auth.password };
  }
  return { grant_type: 'client_credentials' };
}

export function describeAuth(auth: Auth): string {
  if ('refreshToken' in auth) return 'refresh token';
  if ('username' in auth) return `username/password as ${auth.username}`;
  return 'client credentials';
}

/** The config keys a refused login points at. */
function authSettings(auth: Auth): string {
  // A wrong client secret is refused as invalid_client as often as a wrong refresh token: name every setting given.
  if ('refreshToken' in auth) return auth.clientSecret ? 'auth.clientId, auth.clientSecret and auth.refreshToken' : 'auth.clientId and auth.refreshToken';
  if ('username' in auth) return 'auth.username and auth.password (with the security token appended)';
  return 'auth.clientId and auth.clientSecret';
}

/**
 * One jsforce Connection, logged in with whichever flow the config names. On an expired session
 * jsforce calls `refreshFn` and replays the request; ours re-runs the same flow, because jsforce's
 * default refresh needs a refresh token that the client-credentials and password flows never get.
 */
export class SalesforceSession {
  readonly conn: Connection;
  private readonly grant: Record<string, string> | 'soap';
  private loggedIn: Promise<UserInfo> | undefined;

  constructor(
    private readonly options: SalesforceOptions,
    private readonly retry: RetryOptions = {},
  ) {
    const { auth } = options;
    this.grant = grantFor(auth);
    this.conn = new Connection({
      version: options.apiVersion,
      loginUrl: options.loginUrl,
      oauth2: {
        loginUrl: options.loginUrl,
        ...(auth.clientId ? { clientId: auth.clientId } : {}),
        ...(auth.clientSecret ? { clientSecret: auth.clientSecret } : {}),
      },
      refreshFn: (conn, callback) => {
        this.reauthenticate()
          .then((token) => callback(null, token.accessToken, token.response as never))
          .catch((error: unknown) => callback(error as Error));
      },
    });
  }

  /** Logs in once; a failed login is forgotten so the next call (or `vitals validate`) tries again. */
  login(): Promise<UserInfo> {
    this.loggedIn ??= this.withTokenRetry(() => this.authorize()).catch((error: unknown) => {
      this.loggedIn = undefined;
      throw loginFailed(this.options, error);
    });
    return this.loggedIn;
  }

  get userInfo(): UserInfo | undefined {
    return this.conn.userInfo ?? undefined;
  }

  private async authorize(): Promise<UserInfo> {
    const { username, password } = this.options.auth as { username?: string; password?: string };
    const user = this.grant === 'soap' ? await this.conn.loginBySoap(username!, password!) : await this.conn.authorize(this.grant as { grant_type: string });
    if (this.conn.accessToken) registerSecret(this.conn.accessToken);
    if (this.conn.refreshToken) registerSecret(this.conn.refreshToken);
    return user;
  }

  private async reauthenticate(): Promise<{ accessToken: string; response?: unknown }> {
    if (this.grant === 'soap') {
      await this.withTokenRetry(() => this.authorize());
      return { accessToken: this.conn.accessToken ?? '' };
    }
    const response = await this.withTokenRetry(() => this.conn.oauth2.requestToken(this.grant as { grant_type: string }));
    // A refresh may move the org to another instance (org migrations); later URLs must follow it.
    if (response.instance_url) this.conn.instanceUrl = response.instance_url;
    registerSecret(response.access_token);
    return { accessToken: response.access_token, response };
  }

  /**
   * The token endpoint has bad moments too (503s, resets). OAuth refusals name an OAuth error
   * (`invalid_grant`, ...); anything else is the endpoint failing, and a token request is safe to repeat.
   */
  private withTokenRetry<T>(request: () => Promise<T>): Promise<T> {
    return withRetry(
      () =>
        request().catch((error: unknown) => {
          const name = (error as Error | null)?.name ?? '';
          // Salesforce's own `unknown_error` means "retry your request".
          const refused = (/^[a-z_]+$/.test(name) && name !== 'unknown_error') || /^ERROR_HTTP_4\d\d$/.test(name);
          if (!refused || isTransientNetworkError(error)) {
            throw new RetriableApiError('TOKEN_ENDPOINT', (error as Error).message || 'the token endpoint failed', undefined, { cause: error });
          }
          throw error;
        }),
      this.retry,
    );
  }
}

function loginFailed(options: SalesforceOptions, error: unknown): FatalError {
  const e = (error instanceof RetriableApiError ? error.cause : error) as { name?: string; message?: string };
  // jsforce names OAuth errors after the `error` field (invalid_grant, invalid_client_id, ...).
  const code = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  return new FatalError(
    'SALESFORCE_LOGIN_FAILED',
    `login to ${options.loginUrl} with ${describeAuth(options.auth)} failed: ${code}${e.message ?? String(error)} - check loginUrl, ${authSettings(options.auth)}`,
    { cause: error },
  );
}
