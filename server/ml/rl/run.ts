// A policy-gradient run: steps of PgTrainer on prompts picked by the curriculum, until `steps` or a deadline;
// with `overlap`, each step trains while a second worker thread samples the next step's rollout.
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { type PgConfig, pgConfig } from './config';
import { PromptCurriculum } from './curriculum';
import { type PgMetrics, type PgPrompt, type PgStepResult, PgTrainer, type Scorer } from './pg';
import { overlappedSteps } from './rollout-worker';

export interface PgRunOptions {
  policy: GPT; // trained in place
  tokenizer: Tokenizer;
  prompts: PgPrompt[];
  config?: Partial<PgConfig>;
  steps?: number; // rollout steps (a step whose groups all score alike makes no update) [until the deadline; 1000 without one]
  deadline?: number; // Date.now() after which no new step starts (read before each step: a caller may move it)
  signal?: AbortSignal; // checked between steps; aborting throws an AbortError
  score?: Scorer;
  onStep?: (metrics: PgMetrics, groups: PgStepResult['groups']) => void;
}

export interface PgRunResult {
  steps: number;
  seconds: number;
  samples: number;
  rolloutSeconds: number; // sampling (and scoring), wherever it ran
  rolloutWaitSeconds: number; // the part of it the trainer waited for: all of it, unless overlapped
  trainSeconds: number;
  final: PgMetrics; // means of the last 10 steps' metrics
  familySignal: Record<string, number>; // the curriculum's last estimate per family
}

function abortError(): Error {
  const err = new Error('training aborted');
  err.name = 'AbortError';
  return err;
}

function meanRecord(records: PgMetrics[]): PgMetrics {
  const out: PgMetrics = {};
  for (const key of Object.keys(records[0] ?? {})) out[key] = records.reduce((a, r) => a + (r[key] ?? 0), 0) / records.length;
  return out;
}

export async function trainPg(opts: PgRunOptions): Promise<PgRunResult> {
  const cfg = pgConfig(opts.config);
  const steps = opts.steps ?? (opts.deadline === undefined ? 1000 : Number.POSITIVE_INFINITY);
  const trainer = new PgTrainer(opts.policy, opts.tokenizer, cfg, { totalSteps: Number.isFinite(steps) ? steps : 1000, score: opts.score });
  const curriculum = new PromptCurriculum(opts.prompts, cfg.curriculum, cfg.seed);
  const history: PgMetrics[] = [];
  const t0 = performance.now();
  const canStart = (s: number) => s < steps && (opts.deadline === undefined || Date.now() <= opts.deadline);
  const record = async ({ metrics, groups }: PgStepResult) => {
    curriculum.update(groups);
    history.push(metrics);
    opts.onStep?.(metrics, groups);
    await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
  };
  try {
    if (cfg.overlap) {
      await overlappedSteps({
        policy: opts.policy,
        tokenizer: opts.tokenizer,
        canStart,
        pick: () => curriculum.pick(cfg.promptsPerStep),
        rollout: (prompts) => ({ prompts: trainer.rolloutPrompts(prompts), options: trainer.nextRolloutOptions() }),
        learn: (prompts, rollout) => trainer.learn(prompts, rollout),
        record,
        signal: opts.signal,
      });
    } else {
      for (let s = 0; canStart(s); s++) {
        if (opts.signal?.aborted) throw abortError();
        await record(trainer.step(curriculum.pick(cfg.promptsPerStep)));
      }
    }
  } finally {
    trainer.dispose();
  }
  const total = (key: string) => history.reduce((a, m) => a + m[key], 0);
  return {
    steps: history.length,
    seconds: (performance.now() - t0) / 1000,
    samples: history.length * cfg.promptsPerStep * cfg.samplesPerPrompt,
    rolloutSeconds: total('time/rollout_s'),
    rolloutWaitSeconds: total('time/rollout_wait_s'),
    trainSeconds: total('time/train_s'),
    final: meanRecord(history.slice(-10)),
    familySignal: curriculum.signals(),
  };
}
