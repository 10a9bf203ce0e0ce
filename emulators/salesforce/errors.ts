import type { EmulatorResponse } from '../http/router.js';

/**
 * Error shapes of the Salesforce REST API. Top-level errors are a JSON array of
 * `{message, errorCode[, fields]}`; per-record errors inside a 200 (collections) use
 * `statusCode` instead of `errorCode`. Clients tell the two apart, so the emulator must too.
 */
export class SalesforceApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = 'SalesforceApiError';
  }

  toResponse(): EmulatorResponse {
    const element: Record<string, unknown> = { message: this.message, errorCode: this.errorCode };
    if (this.fields) element.fields = this.fields;
    return { status: this.status, body: [element] };
  }
}

/** One error on one record of a DML call (sObject Collections, single-record writes). */
export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A per-record problem found while validating a write; becomes a RecordError or a 400. */
export class RecordProblem extends Error {
  constructor(
    readonly statusCode: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
    this.name = 'RecordProblem';
  }

  toRecordError(): RecordError {
    return { statusCode: this.statusCode, message: this.message, fields: this.fields };
  }

  /** Single-record endpoints answer the same problem as a top-level 400. */
  toApiError(status = 400): SalesforceApiError {
    return new SalesforceApiError(status, this.statusCode, this.message, this.fields);
  }
}

export const sessionInvalid = (): SalesforceApiError =>
  new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

export const requestLimitExceeded = (): SalesforceApiError =>
  new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');

export const resourceNotFound = (): SalesforceApiError =>
  new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const entityDeleted = (): SalesforceApiError => new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');

export const serverUnavailable = (): EmulatorResponse => ({
  status: 503,
  body: [{ message: 'Server is temporarily unavailable. Try again later.', errorCode: 'SERVER_UNAVAILABLE' }],
});

/** A JSON body the API cannot read; Salesforce reports Jackson's position in the text. */
export function jsonParserError(detail: string): SalesforceApiError {
  return new SalesforceApiError(400, 'JSON_PARSER_ERROR', detail);
}
