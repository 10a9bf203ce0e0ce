import { createHmac } from 'node:crypto';
import type { EmulatorRequest, EmulatorResponse, Router } from '../../http/router.js';
import type { EmulatorContext } from '../context.js';
import { SalesforceApiError } from '../errors.js';

/** OAuth endpoints answer `{error, error_description}`, not the REST API's error array. */
function oauthError(error: string, description: string, status = 400): EmulatorResponse {
  return { status, body: { error, error_description: description } };
}

function formParams(req: EmulatorRequest): URLSearchParams {
  const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
  // Some clients put grant parameters in the query string; Salesforce reads both.
  for (const [k, v] of req.query) if (!form.has(k)) form.set(k, v);
  return form;
}

function tokenResponse(ctx: EmulatorContext, userId: string): EmulatorResponse {
  const { accessToken, issuedAt } = ctx.sessions.issue(userId);
  const base = ctx.baseUrl();
  const id = `${base}/id/${ctx.orgId}/${userId}`;
  const signature = createHmac('sha256', ctx.credentials.clientSecret).update(`${id}${issuedAt}`).digest('base64');
  return {
    status: 200,
    body: { access_token: accessToken, signature, scope: 'api', instance_url: base, id, token_type: 'Bearer', issued_at: String(issuedAt) },
  };
}

export function registerOAuthRoutes(router: Router, ctx: EmulatorContext): void {
  let refreshTokenRevoked = false;

  router.on('POST', '/services/oauth2/token', (req) => {
    const form = formParams(req);
    const grant = form.get('grant_type');
    const { credentials } = ctx;
    if (!grant) return oauthError('unsupported_grant_type', 'grant type not supported');
    if (!['client_credentials', 'password', 'refresh_token'].includes(grant)) {
      return oauthError('unsupported_grant_type', 'grant type not supported');
    }
    if (form.get('client_id') !== credentials.clientId) return oauthError('invalid_client_id', 'client identifier invalid');
    const secret = form.get('client_secret');
    const secretRequired = grant !== 'refresh_token';
    if ((secretRequired || secret !== null) && secret !== credentials.clientSecret) {
      return oauthError('invalid_client', 'invalid client credentials');
    }
    if (grant === 'password') {
      if (form.get('username') !== credentials.username || form.get('password') !== credentials.password) {
        return oauthError('invalid_grant', 'authentication failure');
      }
    }
    if (grant === 'refresh_token' && (refreshTokenRevoked || form.get('refresh_token') !== credentials.refreshToken)) {
      return oauthError('invalid_grant', 'expired access/refresh token');
    }
    return tokenResponse(ctx, ctx.apiUserId);
  });

  router.on('POST', '/services/oauth2/revoke', (req) => {
    const token = formParams(req).get('token') ?? '';
    if (token === ctx.credentials.refreshToken) {
      refreshTokenRevoked = true;
      return { status: 200 };
    }
    return ctx.sessions.revoke(token) ? { status: 200 } : oauthError('unsupported_token_type', 'this token type is not supported');
  });

  router.on('GET', '/id/:orgId/:userId', (req) => {
    try {
      const header = req.headers.authorization ?? (req.query.get('oauth_token') ? `Bearer ${req.query.get('oauth_token')}` : undefined);
      ctx.sessions.authenticate(header, 0);
    } catch (error) {
      if (error instanceof SalesforceApiError) return { status: 403, body: 'Bad_OAuth_Token', headers: { 'Content-Type': 'text/plain' } };
      throw error;
    }
    const user = ctx.tables.byAnyId(req.params.userId ?? '');
    if (!user || req.params.orgId !== ctx.orgId) return { status: 404, body: 'Bad_Id', headers: { 'Content-Type': 'text/plain' } };
    const base = ctx.baseUrl();
    return {
      status: 200,
      body: {
        id: `${base}/id/${ctx.orgId}/${String(user.Id)}`,
        asserted_user: true,
        user_id: user.Id,
        organization_id: ctx.orgId,
        username: user.Username,
        nick_name: user.Alias,
        display_name: user.Name,
        email: user.Email,
        active: user.IsActive,
        user_type: 'STANDARD',
        language: 'en_US',
        locale: 'en_US',
        utcOffset: 0,
        urls: {
          rest: `${base}/services/data/v{version}/`,
          sobjects: `${base}/services/data/v{version}/sobjects/`,
          query: `${base}/services/data/v{version}/query/`,
          limits: `${base}/services/data/v{version}/limits/`,
        },
      },
    };
  });
}
