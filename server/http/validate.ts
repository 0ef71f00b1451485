import type { z } from 'zod';
import { HttpError, zodDetails } from '../errors';

/** Parses untrusted input (body, query, params, socket payload) or throws a 400 invalid_request. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, 'invalid_request', 'The request is not valid', zodDetails(result.error));
  return result.data;
}
