import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Job } from '../../../shared/schemas/jobs';
import { api, type CreateJobInput } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** Create, cancel and rerun jobs; each refreshes the job lists. `onCreated` gets a new job (create, rerun). */
export function useJobActions(onCreated?: (job: Job) => void) {
  const client = useQueryClient();
  const settled = (job: Job) => {
    client.setQueryData(queryKeys.job(job.id), (old: object | undefined) => old && { ...old, ...job });
    void client.invalidateQueries({ queryKey: queryKeys.jobs });
  };
  const create = useMutation({
    mutationFn: (input: CreateJobInput) => api.createJob(input),
    onSuccess: (job) => {
      settled(job);
      onCreated?.(job);
    },
  });
  const cancel = useMutation({ mutationFn: (id: number) => api.cancelJob(id), onSuccess: settled });
  const rerun = useMutation({
    mutationFn: (id: number) => api.rerunJob(id),
    onSuccess: (job) => {
      settled(job);
      onCreated?.(job);
    },
  });
  const failed = create.error ?? cancel.error ?? rerun.error;
  return {
    create: create.mutate,
    cancel: cancel.mutate,
    rerun: rerun.mutate,
    busy: create.isPending || cancel.isPending || rerun.isPending,
    error: failed ? errorMessage(failed) : null,
  };
}
