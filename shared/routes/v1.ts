import {
  ChatCompletionRequestSchema,
  ChatCompletionSchema,
  CompletionRequestSchema,
  CompletionSchema,
  ModelListSchema,
} from '../schemas/v1';
import { route } from './route';

/**
 * The OpenAI-compatible API serving the active policy (server/serving). Any user may call it, usually with
 * `Authorization: Bearer <prefloop API token>`; errors come in OpenAI's shape. With `stream: true` the answer is
 * server-sent events (`data: <chunk>` … `data: [DONE]`, shared/schemas/v1.ts) instead of the JSON response.
 */
export const v1Routes = {
  /** the active policy version (empty when none can be served) */
  v1Models: route({ method: 'GET', path: '/v1/models', auth: 'user', response: ModelListSchema }),
  /** raw-text continuation; 429 overloaded past the serving queue's bound, 503 policy_unavailable */
  v1Completions: route({ method: 'POST', path: '/v1/completions', auth: 'user', body: CompletionRequestSchema, response: CompletionSchema }),
  /** the messages rendered with the policy's chat template */
  v1ChatCompletions: route({
    method: 'POST',
    path: '/v1/chat/completions',
    auth: 'user',
    body: ChatCompletionRequestSchema,
    response: ChatCompletionSchema,
  }),
};
