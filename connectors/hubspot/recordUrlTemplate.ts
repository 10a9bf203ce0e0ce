import type { HubSpotContext } from './context.js';
import { getJson } from './check.js';

/** The app's path segment for the standard objects; other objects open by object type id. */
const RECORD_PATHS: Record<string, string> = { companies: 'company', contacts: 'contact', deals: 'deal', tickets: 'ticket' };

/**
 * A record page in the HubSpot app: `https://app.hubspot.com/contacts/PORTAL/company/ID`. The
 * portal id comes from the config when given, else from the account details (one call); the app
 * host from the account details too (EU portals live on app-eu1.hubspot.com).
 */
export async function recordUrlTemplate(ctx: HubSpotContext, object: string): Promise<string | null> {
  let portalId = ctx.options.portalId;
  let uiDomain = 'app.hubspot.com';
  if (portalId === undefined) {
    const details = await getJson<{ portalId?: number; uiDomain?: string }>(ctx, 'account details', '/account-info/v3/details');
    if (details.portalId === undefined) return null;
    portalId = details.portalId;
    if (details.uiDomain && /^[a-z0-9.-]+$/i.test(details.uiDomain)) uiDomain = details.uiDomain;
  }
  const path = RECORD_PATHS[object] ?? `record/${object}`;
  return `https://${uiDomain}/contacts/${portalId}/${path}/{id}`;
}
