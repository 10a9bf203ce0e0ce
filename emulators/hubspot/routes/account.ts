import { OAuthError } from '../auth.js';
import { correlationId } from '../gate.js';
import { route, type RouteContext } from './routeContext.js';

/**
 * OAuth token refresh and introspection (no bearer needed), plus the account-info endpoints a
 * client reads before a run: portal details and the private app's daily API usage.
 */
export function registerAccountRoutes(ctx: RouteContext): void {
  const { auth, store } = ctx;

  route(
    ctx,
    'POST',
    '/oauth/v1/token',
    (req) => {
      const form = new URLSearchParams(typeof req.body === 'string' ? req.body : req.rawBody);
      if (form.get('grant_type') !== 'refresh_token') {
        return { status: 400, body: { status: 'BAD_GRANT_TYPE', message: 'grant_type must be refresh_token', correlationId: correlationId(req) } };
      }
      try {
        return { status: 200, body: auth.refresh(form.get('client_id'), form.get('client_secret'), form.get('refresh_token')) };
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        return { status: 400, body: { status: error.code, message: error.message, correlationId: correlationId(req) } };
      }
    },
    'public',
  );

  route(
    ctx,
    'GET',
    '/oauth/v1/access-tokens/:token',
    (req) => {
      const token = req.params.token ?? '';
      if (!auth.isCurrent(token)) return { status: 404, body: { status: 'NOT_FOUND', message: 'The token is invalid or expired', correlationId: correlationId(req) } };
      return {
        status: 200,
        body: {
          token,
          user: 'emulator@crm-vitals.invalid',
          hub_domain: `portal-${store.portalId}.hubspot.invalid`,
          scopes: ['crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.owners.read', 'tickets'],
          hub_id: store.portalId,
          app_id: 1,
          expires_in: 1800,
          user_id: 1,
          token_type: 'access',
        },
      };
    },
    'public',
  );

  route(ctx, 'GET', '/account-info/v3/details', () => ({
    status: 200,
    body: {
      portalId: store.portalId,
      accountType: 'STANDARD',
      timeZone: 'Etc/UTC',
      companyCurrency: store.currencies?.corporate ?? 'USD',
      additionalCurrencies: store.currencies ? store.currencies.currencies.map((c) => c.code).filter((c) => c !== store.currencies?.corporate) : [],
      utcOffset: '+00:00',
      utcOffsetMilliseconds: 0,
      uiDomain: 'app.hubspot.com',
      dataHostingLocation: 'na1',
    },
  }));

  route(ctx, 'GET', '/account-info/v3/api-usage/daily/private-apps', () => {
    const now = Date.now();
    const resetsAt = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
    return {
      status: 200,
      body: {
        results: [
          {
            name: 'private-apps-api-calls-daily',
            usageLimit: ctx.dailyLimit(),
            currentUsage: ctx.limiter.dailyCallsUsed(),
            collectedAt: new Date(now).toISOString(),
            fetchStatus: 'SUCCESS',
            resetsAt: new Date(resetsAt).toISOString(),
          },
        ],
      },
    };
  });
}
