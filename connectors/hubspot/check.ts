import { VitalsError, type CheckResult } from '../../src/contracts/connector.js';
import type { WithHeaders } from './callApi.js';
import type { HubSpotContext } from './context.js';

interface AccountDetails {
  portalId?: number;
  accountType?: string;
  timeZone?: string;
  dataHostingLocation?: string;
}

interface DailyUsage {
  results?: { name?: string; usageLimit?: number; currentUsage?: number }[];
}

/**
 * Proves the token (account details), names the portal, and reads today's API usage so the run
 * starts knowing its budget. Ordinary problems (token refused, wrong portal, budget gone) are
 * reported, not thrown.
 */
export async function check(ctx: HubSpotContext): Promise<CheckResult> {
  const problems: string[] = [];
  let identity = `HubSpot at ${ctx.options.baseUrl}`;
  try {
    const details = await getJson<AccountDetails>(ctx, 'account details', '/account-info/v3/details');
    identity = `HubSpot portal ${details.portalId ?? '?'} (${[details.accountType, details.dataHostingLocation, details.timeZone].filter(Boolean).join(', ')})`;
    if (ctx.options.portalId !== undefined && details.portalId !== ctx.options.portalId) {
      problems.push(`portalId is ${ctx.options.portalId} in the config, but the token belongs to portal ${details.portalId ?? 'unknown'}`);
    }
  } catch (error) {
    if (!(error instanceof VitalsError)) throw error;
    return { ok: false, identity, problems: [error.message], budget: ctx.budget.snapshot() };
  }
  try {
    const usage = await getJson<DailyUsage>(ctx, 'daily API usage', '/account-info/v3/api-usage/daily/private-apps');
    const daily = usage.results?.find((r) => r.usageLimit !== undefined && r.currentUsage !== undefined);
    if (daily) ctx.budget.observe(daily.usageLimit as number, (daily.usageLimit as number) - (daily.currentUsage as number));
  } catch (error) {
    if (!(error instanceof VitalsError)) throw error;
    // OAuth apps cannot read private-app usage; the rate-limit headers of the run will tell.
    if (error.action !== 'stop-run') ctx.log.debug('daily API usage not readable', { reason: error.message });
  }
  const budget = ctx.budget.snapshot();
  if (budget.dailyRemaining !== undefined && budget.dailyRemaining <= budget.reserve) {
    problems.push(`only ${budget.dailyRemaining} API calls left today, at or below the reserve of ${budget.reserve} (limits.reserveDailyApiPercent)`);
  }
  return { ok: problems.length === 0, identity, problems, budget };
}

/** A GET on an endpoint the SDK does not wrap, shaped like its `...WithHttpInfo` replies. */
export function getJson<T>(ctx: HubSpotContext, label: string, path: string): Promise<T> {
  return ctx.call('api', label, async (): Promise<WithHeaders<T>> => {
    const res = await ctx.apis.raw({ method: 'GET', path });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    const text = await res.text();
    const body = parseJson(text);
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status, body, headers });
    return { data: body as T, headers };
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
