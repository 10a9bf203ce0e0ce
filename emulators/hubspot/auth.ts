import { randomBytes, randomUUID } from 'node:crypto';
import { HubSpotApiError, MESSAGES } from './errors.js';

/**
 * Bearer tokens. By default the token behaves like a private-app token and never expires. With
 * the `sessionExpiryEvery` fault it behaves like an OAuth access token: after N calls it expires
 * (401 EXPIRED_AUTHENTICATION, as HubSpot answers an expired OAuth token) and stays expired; a
 * new one comes from `POST /oauth/v1/token` with the refresh token.
 */
export class TokenAuthority {
  readonly clientId = randomUUID();
  readonly clientSecret = randomUUID();
  readonly refreshToken = `na1-${randomUUID()}`;
  private current: string;
  private callsSinceIssue = 0;
  private readonly expired = new Map<string, number>();

  constructor(initialToken: string | undefined) {
    this.current = initialToken ?? newToken();
  }

  get accessToken(): string {
    return this.current;
  }

  /** Every access token this portal has accepted or issued, the current one last. */
  issuedTokens(): string[] {
    return [...this.expired.keys(), this.current];
  }

  /** Checks an Authorization header and counts the call against the token's life. */
  authenticate(authorization: string | undefined, expiryEvery: number): void {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new HubSpotApiError(401, 'INVALID_AUTHENTICATION', MESSAGES.missingAuth);
    const expiredAt = this.expired.get(token);
    if (expiredAt !== undefined) throw expiredError(expiredAt);
    if (token !== this.current) throw new HubSpotApiError(401, 'INVALID_AUTHENTICATION', MESSAGES.missingAuth);
    if (expiryEvery > 0 && this.callsSinceIssue >= expiryEvery) {
      const now = Date.now();
      this.expired.set(token, now);
      throw expiredError(now);
    }
    this.callsSinceIssue++;
  }

  /** The refresh-token grant: a new access token, the old one rejected from now on. */
  refresh(clientId: string | null, clientSecret: string | null, refreshToken: string | null): { access_token: string; refresh_token: string; expires_in: number; token_type: string } {
    if (clientId !== this.clientId) throw oauthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (clientSecret !== this.clientSecret) throw oauthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    if (refreshToken !== this.refreshToken) throw oauthError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    if (!this.expired.has(this.current)) this.expired.set(this.current, Date.now());
    this.current = newToken();
    this.callsSinceIssue = 0;
    return { token_type: 'bearer', refresh_token: this.refreshToken, access_token: this.current, expires_in: 1800 };
  }

  /** The current access token expires now (an OAuth app's client must refresh). */
  expire(): void {
    if (!this.expired.has(this.current)) this.expired.set(this.current, Date.now());
  }

  isCurrent(token: string): boolean {
    return token === this.current;
  }
}

function newToken(): string {
  return `pat-na1-${randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`;
}

function expiredError(expiredAt: number): HubSpotApiError {
  const secondsAgo = Math.max(0, Math.floor((Date.now() - expiredAt) / 1000));
  return new HubSpotApiError(401, 'EXPIRED_AUTHENTICATION', MESSAGES.expiredAuth(secondsAgo), {
    context: { 'expire time': [new Date(expiredAt).toISOString()] },
  });
}

/** OAuth endpoint errors put a code in `status` rather than in `category`. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function oauthError(code: string, message: string): OAuthError {
  return new OAuthError(code, message);
}
