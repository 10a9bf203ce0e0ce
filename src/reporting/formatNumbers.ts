/**
 * How figures read in reports and alerts, one way everywhere. ARR carries no currency sign: the
 * state keeps amounts in whatever currency the CRM holds them.
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
