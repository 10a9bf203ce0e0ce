/**
 * HubSpot's error shapes. Every non-2xx reply carries `status`, `message`, `correlationId` and
 * `category`; property validation adds the JSON-in-a-string `message` and an `errors[]` array,
 * exactly as the real API does (the SDK and the engine both read them).
 */
export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'INVALID_AUTHENTICATION'
  | 'EXPIRED_AUTHENTICATION'
  | 'MISSING_SCOPES'
  | 'OBJECT_NOT_FOUND'
  | 'CONFLICT'
  | 'OBJECT_ALREADY_EXISTS'
  | 'RATE_LIMITS'
  | 'INTERNAL_ERROR';

/** Thrown by handlers and store operations; the request wrapper turns it into the reply. */
export class HubSpotApiError extends Error {
  constructor(
    readonly status: number,
    readonly category: ErrorCategory,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HubSpotApiError';
  }

  body(correlationId: string): Record<string, unknown> {
    return { status: 'error', message: this.message, correlationId, category: this.category, ...this.extra };
  }
}

export function validationError(message: string, extra: Record<string, unknown> = {}): HubSpotApiError {
  return new HubSpotApiError(400, 'VALIDATION_ERROR', message, extra);
}

export function objectNotFound(id: string): HubSpotApiError {
  return new HubSpotApiError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}

/** One rejected property value, reported the way HubSpot's property validator does. */
export interface PropertyFailure {
  name: string;
  /** HubSpot's code: PROPERTY_DOESNT_EXIST, INVALID_OPTION, INVALID_INTEGER, INVALID_DATE, ... */
  error: string;
  message: string;
  value?: string;
}

export function propertyValuesError(failures: readonly PropertyFailure[], portalId: number): HubSpotApiError {
  const detail = failures.map((f) => ({
    isValid: false,
    message: f.message,
    error: f.error,
    name: f.name,
    localizedErrorMessage: f.message,
    ...(f.value !== undefined ? { propertyValue: f.value } : {}),
    portalId,
  }));
  return validationError(`Property values were not valid: ${JSON.stringify(detail)}`, {
    errors: failures.map((f) => ({ message: f.message, code: f.error, context: { propertyName: [f.name] } })),
  });
}

/** A per-input error inside a 207 batch reply (`StandardError`). */
export function batchItemError(category: ErrorCategory, message: string, ids: readonly string[]): Record<string, unknown> {
  return { status: 'error', category, message, context: { ids: [...ids] }, errors: [], links: {} };
}

export const MESSAGES = {
  missingAuth:
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  expiredAuth: (secondsAgo: number) => `The OAuth token used to make this call expired ${secondsAgo} second(s) ago.`,
  searchSecondly: 'You have reached your secondly limit.',
  daily: 'You have reached your daily limit.',
  windowed: (policyName: string) => `You have reached your ${policyName.toLowerCase()} limit.`,
  batchTooLarge: (n: number, max: number) =>
    `The maximum number of inputs supported in a batch request is ${max}. You provided ${n}. Please reduce the number of items and try again`,
  searchBeyondCap: 'There was a problem with the request.',
  noPropertiesToUpdate: 'No properties found to update, please provide at least one.',
} as const;

/** The 429 body: no `category`, but `errorType` and the `policyName` the SDK's retry logic reads. */
export function rateLimitBody(correlationId: string, policyName: string, message: string): Record<string, unknown> {
  return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId, policyName, requestId: correlationId.replace(/-/g, '').slice(0, 32) };
}
