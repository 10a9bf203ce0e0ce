import { Connection } from 'jsforce';
import type { SalesforceEmulator } from '../../../emulators/salesforce/startSalesforceEmulator.js';
import { API_VERSION, clientCredentialsConnection, rejectionOf, startOrg } from './fixture.js';

describe('Salesforce emulator: auth, sessions and API limits through jsforce', () => {
  let emulator: SalesforceEmulator;
  beforeEach(async () => {
    emulator = await startOrg();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('logs in with client credentials and reads the identity from the id URL', async () => {
    const conn = await clientCredentialsConnection(emulator);
    expect(conn.instanceUrl).toBe(emulator.url);
    expect(conn.userInfo?.id).toBe(emulator.store.apiUserId);
    expect(conn.userInfo?.organizationId).toMatch(/^00D/);
    const identity = await conn.identity();
    expect(identity.username).toBe(emulator.credentials.username);
  });

  it('logs in with username and password (OAuth password grant)', async () => {
    const { clientId, clientSecret, username, password } = emulator.credentials;
    const conn = new Connection({ version: API_VERSION, oauth2: { loginUrl: emulator.url, clientId, clientSecret } });
    const user = await conn.login(username, password);
    expect(user.id).toBe(emulator.store.apiUserId);
    const result = await conn.query('SELECT COUNT() FROM Account');
    expect(result.totalSize).toBe(25);
  });

  it('logs in with a refresh token, and jsforce refreshes by itself on expiry', async () => {
    const { clientId, clientSecret, refreshToken } = emulator.credentials;
    const conn = new Connection({
      version: API_VERSION,
      instanceUrl: emulator.url,
      accessToken: 'stale-token',
      refreshToken,
      oauth2: { loginUrl: emulator.url, clientId, clientSecret },
    });
    const result = await conn.query('SELECT Id FROM User WHERE IsActive = true');
    expect(result.totalSize).toBe(3);
    expect(conn.accessToken).not.toBe('stale-token');
  });

  it('answers bad credentials with the OAuth error bodies jsforce turns into errors', async () => {
    const { clientId, username } = emulator.credentials;
    const wrongSecret = new Connection({ version: API_VERSION, oauth2: { loginUrl: emulator.url, clientId, clientSecret: 'nope' } });
    const e1 = await rejectionOf(wrongSecret.authorize({ grant_type: 'client_credentials' }));
    expect(e1.name).toBe('invalid_client');
    expect(e1.message).toBe('invalid client credentials');

    const unknownApp = new Connection({ version: API_VERSION, oauth2: { loginUrl: emulator.url, clientId: 'other', clientSecret: 'x' } });
    const e2 = await rejectionOf(unknownApp.authorize({ grant_type: 'client_credentials' }));
    expect(e2.name).toBe('invalid_client_id');

    const { clientSecret } = emulator.credentials;
    const badPassword = new Connection({ version: API_VERSION, oauth2: { loginUrl: emulator.url, clientId, clientSecret } });
    const e3 = await rejectionOf(badPassword.login(username, 'wrong'));
    expect([e3.name, e3.message]).toEqual(['invalid_grant', 'authentication failure']);
  });

  it('rejects a call without a valid session with 401 INVALID_SESSION_ID', async () => {
    const conn = new Connection({ version: API_VERSION, instanceUrl: emulator.url, accessToken: 'bogus' });
    const error = await rejectionOf(conn.query('SELECT Id FROM Account'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.message).toBe('Session expired or invalid');
  });

  it('expires sessions every N calls; a client-credentials refreshFn recovers transparently', async () => {
    const conn = await clientCredentialsConnection(emulator);
    emulator.setFaults({ sessionExpiryEvery: 2 });
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = await conn.query('SELECT Id FROM Account LIMIT 1');
      expect(result.records).toHaveLength(1);
      tokens.add(conn.accessToken ?? '');
    }
    expect(tokens.size).toBeGreaterThanOrEqual(2);
    const counts = emulator.callCounts();
    expect(counts['POST /services/oauth2/token']).toBeGreaterThanOrEqual(3);
  });

  it('expires sessions after tokenTtlSeconds', async () => {
    await emulator.close();
    emulator = await startOrg({ tokenTtlSeconds: 0 });
    const { clientId, clientSecret } = emulator.credentials;
    const conn = new Connection({ version: API_VERSION, oauth2: { loginUrl: emulator.url, clientId, clientSecret } });
    await conn.authorize({ grant_type: 'client_credentials' });
    // A connection with no way to refresh surfaces the 401 as is.
    const plain = new Connection({ version: API_VERSION, instanceUrl: conn.instanceUrl, accessToken: conn.accessToken ?? '' });
    const error = await rejectionOf(plain.query('SELECT Id FROM Account'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('reports usage in Sforce-Limit-Info and /limits, and refuses calls past the daily limit with 403', async () => {
    const conn = await clientCredentialsConnection(emulator);
    emulator.setFaults({ dailyApiLimit: 5 });
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 5 });
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 5, Remaining: 3 });
    await conn.query('SELECT Id FROM Account LIMIT 1');
    await conn.query('SELECT Id FROM Account LIMIT 1');
    await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(emulator.apiUsage()).toEqual({ used: 5, max: 5 });
    const error = await rejectionOf(conn.query('SELECT Id FROM Account LIMIT 1'));
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(error.message).toBe('TotalRequests Limit exceeded.');
    expect(emulator.apiUsage().used).toBe(5);
  });

  it('uses the configured daily allowance by default and counts token calls as free', async () => {
    const conn = await clientCredentialsConnection(emulator);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests).toEqual({ Max: 100000, Remaining: 99999 });
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 100000 });
  });

  it('answers unknown resources and wrong methods the way the REST API does', async () => {
    const conn = await clientCredentialsConnection(emulator);
    const missing = await rejectionOf(conn.request(`/services/data/v${API_VERSION}/nothing/here`));
    expect(missing.errorCode).toBe('NOT_FOUND');
    const wrongMethod = await rejectionOf(conn.request({ method: 'PUT', url: `/services/data/v${API_VERSION}/limits`, body: '{}' }));
    expect(wrongMethod.errorCode).toBe('METHOD_NOT_ALLOWED');
    const badVersion = await rejectionOf(conn.request('/services/data/v12.0/limits'));
    expect(badVersion.errorCode).toBe('NOT_FOUND');
  });
});
