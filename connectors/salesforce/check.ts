import type { CheckResult } from '../../src/contracts/connector.js';
import { SalesforceRequestRejected } from './errors.js';
import type { SalesforceOptions } from './optionsSchema.js';
import type { SalesforceApi } from './salesforceApi.js';
import { describeAuth } from './session.js';

interface Identity {
  username?: string;
  organization_id?: string;
}

/**
 * `vitals validate`, online: log in, read `/limits`, say who we are. Ordinary problems (refused
 * credentials, an API version the org does not serve, a budget already inside the reserve) are
 * reported, not thrown; the engine then checks every mapped field against describe.
 */
export async function check(api: SalesforceApi, options: SalesforceOptions): Promise<CheckResult> {
  try {
    await api.start();
  } catch (error) {
    const unversioned = error instanceof SalesforceRequestRejected && error.status === 404;
    const problem = unversioned
      ? `the org does not serve REST API version ${options.apiVersion} (apiVersion in the config)`
      : (error as Error).message;
    return { ok: false, identity: `${options.loginUrl} (${describeAuth(options.auth)})`, problems: [problem], budget: api.budget.snapshot() };
  }
  const problems: string[] = [];
  const budget = api.budget.snapshot();
  if (!api.budget.canAfford(1)) {
    problems.push(
      `only ${budget.dailyRemaining} of ${budget.dailyLimit} daily API calls are left and ${budget.reserve} are kept in reserve ` +
        `(limits.reserveDailyApiPercent: ${options.limits.reserveDailyApiPercent}); a run would stop at once`,
    );
  }
  return { ok: true, identity: await identity(api, options), problems, budget };
}

async function identity(api: SalesforceApi, options: SalesforceOptions): Promise<string> {
  const conn = api.session.conn;
  const info = api.session.userInfo;
  const where = `${conn.instanceUrl}, API v${options.apiVersion}`;
  if (!info?.url) return `user ${info?.id ?? '?'} at ${where}`;
  try {
    const { body } = await api.call<Identity>({ method: 'GET', path: info.url, query: { format: 'json' } });
    return `${body.username ?? info.id} (org ${body.organization_id ?? info.organizationId}) at ${where}`;
  } catch {
    // The identity URL is a nicety for the operator; the login itself already succeeded.
    return `user ${info.id} (org ${info.organizationId}) at ${where}`;
  }
}
