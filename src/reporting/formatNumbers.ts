/**
 * How figures read in reports, alerts and `explain`, one way everywhere. Money carries its
 * currency's sign when the currency is known (`bookCurrency.ts`); an org whose connector never
 * said (single-currency, no record currency mapped) reads as plain figures.
 */

/** 1,234,567 → "1.23M", 45,200 → "45.2k", 2,000 → "2k", 950 → "950". */
export function compactAmount(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  // Rounded first, so 999,999 reads "1M", not "1000k".
  const rounded = Math.abs(value) >= 1000 ? Number(value.toPrecision(3)) : Math.round(value);
  const abs = Math.abs(rounded);
  if (abs >= 1e9) return `${Number((rounded / 1e9).toPrecision(3))}B`;
  if (abs >= 1e6) return `${Number((rounded / 1e6).toPrecision(3))}M`;
  if (abs >= 1e3) return `${Number((rounded / 1e3).toPrecision(3))}k`;
  return String(rounded);
}

/** 1,234,567 USD → "$1.23M", 45,200 EUR → "€45.2k", 2,500 CHF → "CHF 2.5k"; no code: `compactAmount`. */
export function compactMoney(currency: string | null, value: number | null): string {
  if (currency === null || value === null || !Number.isFinite(value)) return compactAmount(value);
  const sign = currencySign(currency);
  return `${value < 0 ? '-' : ''}${sign}${/^[A-Z]{3}$/.test(sign) ? ' ' : ''}${compactAmount(Math.abs(value))}`;
}

/** 12,345.6 USD → "$12,346", 1,234,567 JPY → "¥1,234,567"; no code: "12,346". */
export function fullMoney(currency: string | null, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  if (currency === null) return wholeNumber(value);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(value);
}

/** "$", "€", "£", "¥", "CA$", or the code itself where English has no sign for it ("CHF"). */
function currencySign(code: string): string {
  const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? code;
}

export function wholeNumber(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A probability 0-1 as a percentage: 0.1234 → "12.3%". */
export function percentOf(probability: number | null, digits = 1): string {
  if (probability === null || !Number.isFinite(probability)) return 'n/a';
  return `${(probability * 100).toFixed(digits)}%`;
}

/** A metric that can be undefined (an AUC with one class only): NaN reads as n/a. */
export function decimal(value: number | null, digits = 3): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}
