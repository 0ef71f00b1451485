// Worker thread: the Bradley–Terry fit and its bootstrap (hundreds of refits: never on the event loop).
import { defineWorkerTask } from '../../jobs/worker-task';
import { type BradleyTerryFit, type BradleyTerryOptions, bradleyTerry, type Outcome } from './bradley-terry';

export interface LeaderboardTaskInput {
  outcomes: Outcome[];
  options: BradleyTerryOptions;
}

defineWorkerTask<LeaderboardTaskInput, BradleyTerryFit>(({ outcomes, options }) => bradleyTerry(outcomes, options));
