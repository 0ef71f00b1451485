import {
  ImportPromptsRequestSchema,
  ImportResponsesRequestSchema,
  ImportResultSchema,
  ImportSelfInstructRequestSchema,
} from '../schemas/imports';
import { JobSchema } from '../schemas/jobs';
import { route } from './route';

/** Whole files travel as JSON strings, hence the larger body limit. */
export const IMPORT_BODY_LIMIT = '25mb';

export const importRoutes = {
  adminImportPrompts: route({
    method: 'POST',
    path: '/api/admin/import/prompts',
    auth: 'admin',
    body: ImportPromptsRequestSchema,
    response: ImportResultSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
  }),
  adminImportResponses: route({
    method: 'POST',
    path: '/api/admin/import/responses',
    auth: 'admin',
    body: ImportResponsesRequestSchema,
    response: ImportResultSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
  }),
  adminImportSelfInstruct: route({
    method: 'POST',
    path: '/api/admin/import/self-instruct',
    auth: 'admin',
    body: ImportSelfInstructRequestSchema,
    /** a self_instruct job, queued (202): its result, an ImportSelfInstructResult, is on the job when it succeeded */
    response: JobSchema,
    status: [202],
  }),
};
