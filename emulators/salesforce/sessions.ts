import { randomBytes } from 'node:crypto';
import { requestLimitExceeded, sessionInvalid } from './errors.js';

interface Session {
  userId: string;
  expiresAt: number;
  /** Authenticated calls made with this token (for the sessionExpiryEvery fault). */
  calls: number;
}

/**
 * Access tokens the emulated org has issued. Tokens are opaque, expire after the session timeout
 * and can be revoked; an unknown, expired or revoked token gets the API's INVALID_SESSION_ID.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  /** Every token issued, live or not. */
  readonly issued: string[] = [];

  constructor(
    private readonly orgId: string,
    private readonly ttlSeconds: number,
  ) {}

  issue(userId: string): { accessToken: string; issuedAt: number } {
    const issuedAt = Date.now();
    // Real tokens are `<15-char org id>!<opaque>`; clients sometimes rely on the org id prefix.
    const accessToken = `${this.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    this.sessions.set(accessToken, { userId, expiresAt: issuedAt + this.ttlSeconds * 1000, calls: 0 });
    this.issued.push(accessToken);
    return { accessToken, issuedAt };
  }

  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Expires every live session now, as an admin "revoke all" or an org-wide logout would. */
  expireAll(): void {
    this.sessions.clear();
  }

  /**
   * The session behind an `Authorization: Bearer` (or legacy `OAuth`) header.
   * @param expiryEvery expire a token once it has served this many calls (0: never)
   */
  authenticate(header: string | undefined, expiryEvery: number): Session {
    const token = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header ?? '')?.[1];
    const session = token ? this.sessions.get(token) : undefined;
    if (!token || !session) throw sessionInvalid();
    if (Date.now() >= session.expiresAt || (expiryEvery > 0 && session.calls >= expiryEvery)) {
      this.sessions.delete(token);
      throw sessionInvalid();
    }
    session.calls += 1;
    return session;
  }
}

/** The org's rolling 24-hour API request allowance, as `/limits` and `Sforce-Limit-Info` report it. */
export class ApiUsage {
  used = 0;

  constructor(private readonly limit: () => number) {}

  get max(): number {
    return this.limit();
  }

  /** Counts one call, or refuses it once the allowance is spent (the refused call is not counted). */
  charge(): void {
    if (this.used >= this.max) throw requestLimitExceeded();
    this.used += 1;
  }

  header(): string {
    return `api-usage=${this.used}/${this.max}`;
  }
}
