import { IdParamSchema } from '../schemas/common';
import { CreateJobRequestSchema, JobDetailSchema, JobSchema, JobsPageSchema, JobsQuerySchema } from '../schemas/jobs';
import { route } from './route';

/** The job system (server/jobs): every long piece of work, queued and run one at a time. Admins only. */
export const jobRoutes = {
  /** newest first; ?status= and ?kind= filter */
  adminJobs: route({ method: 'GET', path: '/api/admin/jobs', auth: 'admin', query: JobsQuerySchema, response: JobsPageSchema }),
  /** the job with its metric curves */
  adminJob: route({ method: 'GET', path: '/api/admin/jobs/:id', auth: 'admin', params: IdParamSchema, response: JobDetailSchema }),
  /** queues a job; its config is checked against the kind's schema (400 invalid_request, unknown_job_kind) */
  adminJobCreate: route({ method: 'POST', path: '/api/admin/jobs', auth: 'admin', body: CreateJobRequestSchema, response: JobSchema, status: [201] }),
  /** a queued job ends at once, a running one when its worker is gone; 409 job_finished when it had ended */
  adminJobCancel: route({ method: 'POST', path: '/api/admin/jobs/:id/cancel', auth: 'admin', params: IdParamSchema, response: JobSchema }),
  /** a new job with the same kind and config (parentJobId = this one); 409 job_active while it is queued or running */
  adminJobRerun: route({
    method: 'POST',
    path: '/api/admin/jobs/:id/rerun',
    auth: 'admin',
    params: IdParamSchema,
    response: JobSchema,
    status: [201],
  }),
};
