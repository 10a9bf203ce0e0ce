import { isTransientNetworkError, parseRetryAfter, withRetry, type RetryOptions } from '../../connectors/shared/retryPolicy.js';
import { RetriableApiError } from '../model/errors.js';
import { redactText } from '../log/redact.js';

export interface PostOutcome {
  ok: boolean;
  attempts: number;
  /** The last HTTP status the receiver answered, null when none answered. */
  httpStatus: number | null;
  /** Why it failed, redacted (the URL is a secret, and receivers echo it in errors). */
  error: string | null;
}

export interface PostOptions {
  attempts: number;
  timeoutMs: number;
  /**
   * Sent as `Idempotency-Key`: a retry after a timeout may repeat a digest that did arrive, and
   * receivers that honour the header drop the repeat.
   */
  idempotencyKey: string;
  /** Backoff and sleep overrides (tests); the project's one retry policy does the rest. */
  retry?: Omit<RetryOptions, 'attempts'>;
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

/**
 * POSTs one JSON document. Timeouts, resets, 408, 429 and 5xx are retried with the shared
 * backoff (honouring Retry-After); any other answer is final. Never throws: the outcome says
 * what happened.
 */
export async function postWebhook(url: string, body: unknown, options: PostOptions): Promise<PostOutcome> {
  let attempts = 0;
  let httpStatus: number | null = null;
  const payload = JSON.stringify(body);
  try {
    await withRetry(
      async () => {
        attempts += 1;
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'crm-vitals', 'idempotency-key': options.idempotencyKey },
            body: payload,
            signal: AbortSignal.timeout(options.timeoutMs),
            redirect: 'error',
          });
        } catch (error) {
          const reason = describeNetworkError(error);
          if (isTransientNetworkError(error) || isTransientNetworkError((error as Error).cause) || (error as Error).name === 'TimeoutError') {
            throw new RetriableApiError('WEBHOOK_UNREACHABLE', reason, undefined, { cause: error });
          }
          throw new Error(reason, { cause: error });
        }
        httpStatus = response.status;
        if (response.ok) {
          await response.body?.cancel();
          return;
        }
        const text = (await response.text().catch(() => '')).slice(0, 200);
        const reason = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
        if (response.status === 408 || response.status === 429 || response.status >= 500) {
          throw new RetriableApiError('WEBHOOK_RETRY', reason, parseRetryAfter(response.headers.get('retry-after')));
        }
        throw new Error(reason);
      },
      {
        ...options.retry,
        attempts: options.attempts,
        onRetry: (error, attempt, delayMs) => options.onRetry?.(attempt, delayMs, redactText(error.message)),
      },
    );
    return { ok: true, attempts, httpStatus, error: null };
  } catch (error) {
    return { ok: false, attempts, httpStatus, error: redactText((error as Error).message) };
  }
}

/** fetch says only "fetch failed"; the reason is in its cause (ECONNREFUSED, a timeout, ...). */
function describeNetworkError(error: unknown): string {
  const e = error as Error & { cause?: Error & { code?: string } };
  if (e.name === 'TimeoutError') return 'no answer before the timeout';
  const cause = e.cause;
  return cause ? `${e.message}: ${cause.code ?? cause.message}` : e.message;
}
