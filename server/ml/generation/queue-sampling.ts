// How the built-in policy fills the labeling queue: K samples per prompt at temperature T, and the most
// different two become the pair (see pair-selection.ts). Measured by `npm run bench:pairs`.
import type { PairStrategy } from './pair-selection';

export interface QueueSampling {
  samplesPerPrompt: number; // K [4]
  temperature: number; // [1.0]: pass@4 at T=1 is where the starter's headroom is
  strategy: PairStrategy; // [diverse]
  pairsPerPrompt: number; // [1]
}

export const QUEUE_SAMPLING: QueueSampling = { samplesPerPrompt: 4, temperature: 1.0, strategy: 'diverse', pairsPerPrompt: 1 };

/** What the queue did before: two samples at T=0.8, paired as they came. */
export const LEGACY_QUEUE_SAMPLING: QueueSampling = { samplesPerPrompt: 2, temperature: 0.8, strategy: 'first', pairsPerPrompt: 1 };
