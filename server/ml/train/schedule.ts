/**
 * Learning-rate schedules: linear warmup to `peakLr`, then cosine or linear decay to `minLr`.
 * `step` is 0-based; warmup reaches the peak at step `warmupSteps - 1` (step 0 already trains:
 * lr = peak / warmupSteps). After `totalSteps` the rate stays at `minLr`.
 */
export type LrSchedule = (step: number) => number;

export interface ScheduleOptions {
  peakLr: number;
  totalSteps: number;
  warmupSteps?: number; // [0]
  minLr?: number; // [0]
}

/** Fraction of the decay phase done at `step`, in [0, 1]; -1 while warming up. */
function decayProgress(step: number, totalSteps: number, warmupSteps: number): number {
  if (step < warmupSteps) return -1;
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  return Math.min(1, (step - warmupSteps) / decaySteps);
}

export function cosineSchedule({ peakLr, totalSteps, warmupSteps = 0, minLr = 0 }: ScheduleOptions): LrSchedule {
  return (step) => {
    const p = decayProgress(step, totalSteps, warmupSteps);
    if (p < 0) return (peakLr * (step + 1)) / warmupSteps;
    return minLr + 0.5 * (peakLr - minLr) * (1 + Math.cos(Math.PI * p));
  };
}

export function linearSchedule({ peakLr, totalSteps, warmupSteps = 0, minLr = 0 }: ScheduleOptions): LrSchedule {
  return (step) => {
    const p = decayProgress(step, totalSteps, warmupSteps);
    if (p < 0) return (peakLr * (step + 1)) / warmupSteps;
    return peakLr + (minLr - peakLr) * p;
  };
}

export function makeSchedule(kind: 'cosine' | 'linear', opts: ScheduleOptions): LrSchedule {
  return kind === 'cosine' ? cosineSchedule(opts) : linearSchedule(opts);
}
