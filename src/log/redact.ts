/**
 * Secrets never reach a log line: values read from `${ENV}` references are registered here by
 * the config loader, and any key that looks like a credential is masked whatever its value.
 */
const secrets = new Set<string>();
const SECRET_KEY = /(token|secret|password|authorization|apikey|api_key|webhook|cookie|session)/i;
export const REDACTED = '[redacted]';

export function registerSecret(value: string): void {
  // Very short values would mask ordinary words in every line.
  if (value.length >= 4) secrets.add(value);
}

/**
 * A value read from `${ENV}`. A URL there is an address (`SF_LOGIN_URL`), not a secret: masked
 * whole, logs said "[redacted]" where stdout printed the address. So of a URL only the parts that
 * carry credentials are registered (password, credential-like query values); any other value is registered whole.
 */
export function registerEnvValue(value: string): void {
  const url = httpUrl(value);
  if (!url) return registerSecret(value);
  if (url.password) registerSecret(url.password);
  // Only credential-like parameters: `?sandbox=true` must not mask every "true".
  for (const [k, v] of url.searchParams) {
    if (!SECRET_KEY.test(k) && !/key|sig|code|auth/i.test(k)) continue;
    registerSecret(v);
    registerSecret(encodeURIComponent(v));
  }
}

function httpUrl(value: string): URL | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function redactText(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export function redactValue(value: unknown, key?: string, depth = 0): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '') {
    return REDACTED;
  }
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...('code' in value ? { code: value.code } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, undefined, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k, depth + 1);
  return out;
}
