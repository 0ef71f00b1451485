// /v1 answers errors in OpenAI's shape ({error: {message, type, param, code}}), mapped from the one error mapping
// every other route uses (toApiError), so statuses and codes agree; `details` keeps validation issues.
import type { V1Error } from '../../shared/schemas/v1';
import { HttpError, toApiError } from '../errors';

/** An answer the caller left before it was ready (nginx's 499): nothing is sent, nothing logged. */
export const CLIENT_GONE = 499;

function typeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

const UNAUTHORIZED = 'Send "Authorization: Bearer <prefloop API token>" (create one in the admin page, POST /api/tokens, or `prefloop tokens create`)';

export function v1Error(err: unknown): { status: number; body: V1Error } {
  if ((err as Error | null)?.name === 'AbortError') return v1Error(new HttpError(CLIENT_GONE, 'client_closed_request', 'The client closed the request'));
  const { status, body } = toApiError(err);
  const { code, details } = body.error;
  const issues = Array.isArray(details) ? (details as { path?: unknown }[]) : [];
  const named = (details as { param?: unknown } | undefined)?.param;
  const param = typeof named === 'string' ? named : typeof issues[0]?.path === 'string' && issues[0].path !== '' ? issues[0].path : null;
  const message = code === 'unauthorized' ? `${UNAUTHORIZED}.` : body.error.message;
  return { status, body: { error: { message, type: typeOf(status), param, code, ...(details === undefined ? {} : { details }) } } };
}
