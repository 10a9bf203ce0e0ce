/**
 * Salesforce record ids: a 3-character key prefix, a 12-character body and, for the 18-character
 * case-safe form, a 3-character suffix that encodes which body letters are upper case.
 * The emulator numbers records densely per object, so an id also gives its row position without
 * an index map (1.6M rows would otherwise cost a large Map).
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
/** Pod/instance and reserved characters every emulated id carries after its key prefix. */
const INSTANCE = '5g0';
const COUNTER_WIDTH = 9;

function caseSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[flags];
  }
  return suffix;
}

/** The 18-character id for the n-th record (1-based) of the object with this key prefix. */
export function makeId(keyPrefix: string, counter: number): string {
  let body = '';
  let n = counter;
  while (n > 0) {
    body = BASE62[n % 62] + body;
    n = Math.floor(n / 62);
  }
  const id15 = keyPrefix + INSTANCE + body.padStart(COUNTER_WIDTH, '0');
  return id15 + caseSuffix(id15);
}

/**
 * Canonical 18-character form of a 15- or 18-character id, or undefined when the text is not a
 * well-formed id. 18-character ids are case-insensitive: the suffix restores the body's case.
 */
export function normalizeId(text: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(text)) return undefined;
  if (text.length === 15) return text + caseSuffix(text);
  const suffix = text.slice(15).toUpperCase();
  let body = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const flags = SUFFIX_ALPHABET.indexOf(suffix[chunk] ?? '');
    if (flags < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const ch = text[chunk * 5 + i] ?? '';
      body += flags & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return caseSuffix(body) === suffix ? body + suffix : undefined;
}

/** Row position (0-based) an emulator-issued id stands for, or -1 when it cannot be one. */
export function idPosition(id18: string): number {
  if (id18.slice(3, 6) !== INSTANCE) return -1;
  let n = 0;
  for (let i = 6; i < 15; i++) {
    const v = BASE62.indexOf(id18.charAt(i));
    if (v < 0) return -1;
    n = n * 62 + v;
  }
  return n - 1;
}
