import { RetriableApiError } from '../../src/contracts/connector.js';

/**
 * The one retry policy every connector uses: exponential backoff with full jitter, at least the
 * server's `Retry-After`, a bounded number of attempts. Only `RetriableApiError`s are retried;
 * connectors decide which CRM failures are retriable (429, 5xx, resets, and a POST only when it
 * is idempotent by external id).
 */
export interface RetryOptions {
  /** Attempts in total, the first included. @default 6 */
  attempts?: number;
  /** First backoff ceiling in ms; doubles each attempt. @default 500 */
  baseDelayMs?: number;
  /** Longest single wait in ms. @default 30000 */
  maxDelayMs?: number;
  /** Replaced in tests to avoid real waits. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
  onRetry?: (error: RetriableApiError, attempt: number, delayMs: number) => void;
  /**
   * Narrows which retriable errors are retried: a create must only be sent again when the
   * failure proves it was not carried out (a 429, a refused connection). @default every one
   */
  retryIf?: (error: RetriableApiError) => boolean;
}

export const defaultRetry = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 } as const;

export function backoffDelay(attempt: number, error: RetriableApiError, options: RetryOptions = {}, random = Math.random): number {
  const base = options.baseDelayMs ?? defaultRetry.baseDelayMs;
  const max = options.maxDelayMs ?? defaultRetry.maxDelayMs;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(max, Math.max(jittered, error.retryAfterMs ?? 0));
}

export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? defaultRetry.attempts;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RetriableApiError) || attempt >= attempts || options.signal?.aborted) throw error;
      if (options.retryIf && !options.retryIf(error)) throw error;
      const delay = backoffDelay(attempt, error, options, options.random);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** Network failures worth another attempt (reset, refused while restarting, timeouts). */
export function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = (error as Error | null)?.message ?? '';
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(code) ||
    /socket hang up|ECONNRESET|network timeout|premature close/i.test(message)
  );
}

/** Milliseconds from a `Retry-After` header (seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
