/**
 * The one TanStack Query cache of the admin pages. Socket events keep it fresh (hooks/useLiveJobCache.ts), so
 * nothing refetches on window focus; an answer the server rejected (4xx) is final and is not retried. Data no
 * event keeps fresh while it is off screen (the overview's lists, counts, settings, guidelines) sets staleTime 0:
 * the cached copy shows at once and is refetched on each mount.
 */
import { QueryClient } from '@tanstack/react-query';
import type { JobsFilter } from './endpoints';
import { ApiRequestError } from './http';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      staleTime: 10_000,
      retry: (failures, error) => failures < 2 && !(error instanceof ApiRequestError && !error.retryable),
    },
  },
});

export const queryKeys = {
  jobs: ['jobs'] as const,
  jobList: (filter: JobsFilter) => ['jobs', filter] as const,
  job: (id: number) => ['job', id] as const,
  rewardModels: ['reward-models'] as const,
  leaderboard: ['leaderboard'] as const,
  policies: ['policies'] as const,
  adminCounts: ['admin-counts'] as const,
  queueCounts: ['queue-counts'] as const,
  myProgress: ['my-progress'] as const,
  guidelines: ['guidelines'] as const,
  queueSettings: ['queue-settings'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  snapshots: ['snapshots'] as const,
};
