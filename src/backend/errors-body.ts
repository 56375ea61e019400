/** The Messages API's error `type` for each status, as the API documents them. */
const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};

const MESSAGES: Record<string, string> = {
  rate_limit_error: 'Number of requests has exceeded your rate limit.',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  not_found_error: 'Not found',
};

/** The error `type` the API uses for an HTTP status. */
export function errorType(status: number): string {
  return ERROR_TYPES[status] ?? 'api_error';
}

/** The HTTP status an error `type` stands for (a streamed `event: error` carries only the type). */
export function statusOfErrorType(type: string | null | undefined): number | undefined {
  const found = Object.entries(ERROR_TYPES).find(([, t]) => t === type);
  return found ? Number(found[0]) : undefined;
}

/** The API's error body; `errorCode` goes in `error.details.error_code`, where the SDK reads it (APIError.errorCode). */
export function errorBody(status: number, requestId: string, message?: string, errorCode?: string): unknown {
  const type = errorType(status);
  const details = errorCode ? { details: { error_code: errorCode } } : {};
  return { type: 'error', error: { type, message: message ?? MESSAGES[type] ?? type, ...details }, request_id: requestId };
}
