/**
 * A website or domain as people type it (`https://www.Acme.com/about`) to the bare domain
 * (`acme.com`); null when it names none. The report matches one customer across CRMs with it,
 * and usage sources keyed by domain are matched to accounts with it.
 */
export function normaliseDomain(website: string | null | undefined): string | null {
  if (!website) return null;
  const host = website
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^/@]*@/, '')
    .split(/[/?#]/, 1)[0]!
    .replace(/:\d+$/, '')
    .replace(/^www\d*\./, '')
    .replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}
