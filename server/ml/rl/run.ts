// A policy-gradient run: steps of PgTrainer on prompts picked by the curriculum, until `steps` or a deadline.
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { type PgConfig, pgConfig } from './config';
import { PromptCurriculum } from './curriculum';
import { type PgMetrics, type PgPrompt, PgTrainer, type Scorer } from './pg';

export interface PgRunOptions {
  policy: GPT; // trained in place
  tokenizer: Tokenizer;
  prompts: PgPrompt[];
  config?: Partial<PgConfig>;
  steps?: number; // rollout steps (a step whose groups all score alike makes no update) [until the deadline; 1000 without one]
  deadline?: number; // Date.now() after which no new step starts
  signal?: AbortSignal; // checked between steps; aborting throws an AbortError
  score?: Scorer;
  onStep?: (metrics: PgMetrics) => void;
}

export interface PgRunResult {
  steps: number;
  seconds: number;
  samples: number;
  rolloutSeconds: number;
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
  try {
    for (let s = 0; s < steps; s++) {
      if (opts.signal?.aborted) throw abortError();
      if (opts.deadline !== undefined && Date.now() > opts.deadline) break;
      const { metrics, groups } = trainer.step(curriculum.pick(cfg.promptsPerStep));
      curriculum.update(groups);
      history.push(metrics);
      opts.onStep?.(metrics);
      await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
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
    trainSeconds: total('time/train_s'),
    final: meanRecord(history.slice(-10)),
    familySignal: curriculum.signals(),
  };
}
