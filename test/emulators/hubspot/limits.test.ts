import { afterEach, describe, expect, it } from '@jest/globals';
import { clientFor, raw, sdkError, startHarness, type Harness } from './fixture.js';

let h: Harness;
afterEach(async () => h?.emulator.close());

describe('HubSpot emulator: rate limits, auth expiry and faults', () => {
  it('answers a burst beyond the 10-second window with 429 TEN_SECONDLY_ROLLING and the limit headers', async () => {
    h = await startHarness({ requestsPer10s: 5 });
    const replies = await Promise.allSettled(Array.from({ length: 8 }, () => h.client.crm.companies.basicApi.getPageWithHttpInfo(1)));
    const ok = replies.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ headers: Record<string, string> }>).value);
    const limited = replies.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code: number; headers: Record<string, string> });
    expect(ok).toHaveLength(5);
    expect(limited).toHaveLength(3);
    expect(ok.map((r) => r.headers['x-hubspot-ratelimit-remaining']).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(ok[0]?.headers).toMatchObject({ 'x-hubspot-ratelimit-max': '5', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-daily': '500000' });
    expect(limited[0]?.code).toBe(429);
    expect(limited[0]?.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    const body = await raw(h.emulator, 'GET', '/crm/v3/objects/companies?limit=1');
    expect(body.status).toBe(429);
    expect(body.json).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    expect(body.json.correlationId).toBe(body.headers.get('x-hubspot-correlation-id'));
  });

  it('lets tests rename the 10-second policy, and enforces the daily limit as DAILY', async () => {
    h = await startHarness({ requestsPer10s: 1, rateLimitPolicyName: 'TEN_SECONDLY_ROLLING_EMULATED' });
    await raw(h.emulator, 'GET', '/crm/v3/owners/');
    expect((await raw(h.emulator, 'GET', '/crm/v3/owners/')).json.policyName).toBe('TEN_SECONDLY_ROLLING_EMULATED');
    await h.emulator.close();

    h = await startHarness();
    h.emulator.setFaults({ dailyApiLimit: 2 });
    await h.client.crm.owners.ownersApi.getPage();
    const second = await h.client.crm.owners.ownersApi.getPageWithHttpInfo();
    expect(second.headers).toMatchObject({ 'x-hubspot-ratelimit-daily': '2', 'x-hubspot-ratelimit-daily-remaining': '0' });
    const third = await raw(h.emulator, 'GET', '/crm/v3/owners/');
    expect(third.status).toBe(429);
    expect(third.json).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.' });
  });

  it('expires the token after N calls (401 EXPIRED_AUTHENTICATION) until it is refreshed', async () => {
    h = await startHarness();
    h.emulator.setFaults({ sessionExpiryEvery: 2 });
    await h.client.crm.owners.ownersApi.getPage();
    await h.client.crm.owners.ownersApi.getPage();
    const expired = await sdkError(h.client.crm.owners.ownersApi.getPage());
    expect(expired.code).toBe(401);
    expect(expired.body).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    expect(String(expired.body.message)).toMatch(/^The OAuth token used to make this call expired \d+ second\(s\) ago\.$/);
    expect((await sdkError(h.client.crm.owners.ownersApi.getPage())).code).toBe(401);

    const { clientId, clientSecret, refreshToken } = h.emulator.oauth;
    const tokens = await h.client.oauth.tokensApi.create('refresh_token', undefined, undefined, clientId, clientSecret, refreshToken);
    expect(tokens.accessToken).toBe(h.emulator.accessToken);
    const fresh = clientFor(h.emulator, tokens.accessToken);
    expect((await fresh.crm.owners.ownersApi.getPage()).results).toHaveLength(2);
  });

  it('injects 503s with a JSON body and counts calls per endpoint', async () => {
    h = await startHarness();
    h.emulator.setFaults({ failNext: 1 });
    const failed = await sdkError(h.client.crm.deals.basicApi.getPage(1));
    expect(failed.code).toBe(503);
    expect(failed.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(failed.body.correlationId).toBe(failed.headers['x-hubspot-correlation-id']);
    await h.client.crm.deals.basicApi.getPage(1);
    expect(h.emulator.callCounts()).toEqual({ 'GET /crm/v3/objects/:objectType': 2 });
    expect(h.emulator.totalCalls()).toBe(2);
  });
});
