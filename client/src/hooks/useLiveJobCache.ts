import { useQueryClient } from '@tanstack/react-query';
import type { Job, JobDetail, JobProgress } from '../../../shared/schemas/jobs';
import { FINISHED_STATUSES } from '../../../shared/schemas/jobs';
import type { ROUTES, RouteResponse } from '../../../shared/contract';
import { withProgress } from '../api/metricSeries';
import { queryKeys } from '../api/queryClient';
import { useServerEvent } from './useServerEvent';
import { useSocketReconnect } from './useSocketReconnect';

type JobsPage = RouteResponse<typeof ROUTES.adminJobs>;

/**
 * Keeps the admin pages' cached jobs and reward models live: `job:progress` appends metric records to the
 * open run's curves and moves progress bars, `job:updated` refreshes the lists, `model:activated` the
 * reward models. After a reconnect everything is refetched (events may have been missed).
 */
export function useLiveJobCache(): void {
  const client = useQueryClient();

  useServerEvent('job:progress', (event: JobProgress) => {
    client.setQueryData<JobDetail>(queryKeys.job(event.jobId), (job) => job && withProgress(job, event));
    client.setQueriesData<JobsPage>({ queryKey: queryKeys.jobs }, (page) =>
      page && {
        ...page,
        items: page.items.map((j) =>
          j.id === event.jobId ? { ...j, status: event.status, progress: event.progress, message: event.message } : j,
        ),
      },
    );
  });

  useServerEvent('job:updated', (job: Job) => {
    client.setQueryData<JobDetail>(queryKeys.job(job.id), (old) => old && { ...old, ...job });
    void client.invalidateQueries({ queryKey: queryKeys.jobs });
    // the final curves and result from the database (an event may have been missed while fetching)
    if (FINISHED_STATUSES.includes(job.status)) {
      void client.invalidateQueries({ queryKey: queryKeys.job(job.id) });
      if (job.kind === 'rm') void client.invalidateQueries({ queryKey: queryKeys.rewardModels });
    }
  });

  useServerEvent('model:activated', ({ kind }) => void client.invalidateQueries({ queryKey: kind === 'policy' ? queryKeys.policies : queryKeys.rewardModels }));
  useSocketReconnect(() => void client.invalidateQueries());
}
