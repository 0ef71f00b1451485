import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { HttpError } from '../../../errors';
import { publicJob } from '../../../jobs/redact';
import type { JobScheduler } from '../../../jobs/scheduler';
import { bind, reply } from '../../contract';

/** The scheduler of a server context (the CLI builds contexts without one). */
export function schedulerOf(ctx: AppContext): JobScheduler {
  if (!ctx.jobs) throw new HttpError(503, 'jobs_unavailable', 'This process runs no job scheduler');
  return ctx.jobs;
}

/** The job system's admin API: list, inspect (with metric curves), queue, cancel, rerun. */
export function jobRoutes(ctx: AppContext): Router {
  const router = Router();

  // Every job leaves through publicJob: credentials in a config (an endpoint's API key) read "***".
  bind(router, ROUTES.adminJobs, ({ query }) => {
    const page = ctx.store.jobs.page(query);
    return { ...page, items: page.items.map(publicJob) };
  });

  bind(router, ROUTES.adminJob, ({ params: { id } }) => publicJob(schedulerOf(ctx).detail(id)));

  bind(router, ROUTES.adminJobCreate, ({ body: { kind, config }, user }) =>
    publicJob(schedulerOf(ctx).submit({ kind, config, createdBy: user.id })),
  );

  bind(router, ROUTES.adminJobCancel, ({ params: { id } }) => schedulerOf(ctx).cancel(id));

  bind(router, ROUTES.adminJobRerun, ({ params: { id }, user }) => reply(201, publicJob(schedulerOf(ctx).rerun(id, user.id))));

  return router;
}
