/**
 * A book company's web domain, the same on every CRM that holds it (as a real company's is):
 * HubSpot keeps it bare in `domain`, Salesforce as people type it into `Website`.
 */
export function domainFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'company'}.example.com`;
}

/** Salesforce `Website` values come in the shapes people type: with or without scheme, `www.`, a trailing slash. */
export function websiteFor(name: string, accountIndex: number): string {
  const domain = domainFor(name);
  const shapes = [`https://www.${domain}`, `www.${domain}`, `http://${domain}/`, domain];
  return shapes[accountIndex % shapes.length] as string;
}
