// Entry point for the server: the leaderboard's fit in a worker thread.
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../../jobs/run-in-worker';
import type { BradleyTerryFit } from './bradley-terry';
import type { LeaderboardTaskInput } from './leaderboard-task';

const TASK = fileURLToPath(new URL('./leaderboard-task.ts', import.meta.url));

export function bradleyTerryInWorker(input: LeaderboardTaskInput, signal?: AbortSignal): Promise<BradleyTerryFit> {
  return runInWorker<LeaderboardTaskInput, BradleyTerryFit>(TASK, input, { signal });
}
