// The policy algorithms a loop round can run, on the main thread's side: each one's job config schema (the loop's
// `policy` key is validated by it), the worker input its own job kind would build — minus the reward model, which
// the round settles on in the worker — and its kind's finish, which registers the new version.
import type { z } from 'zod';
import type { LoopAlgorithm } from '../../ml/loop/policy-update';
import type { JobContext, JobRun } from '../kind';
import { BestOfNJobConfigSchema, bestOfNKind, bestOfNTaskInput } from './best-of-n';
import { DpoJobConfigSchema, dpoKind } from './dpo';
import { PpoJobConfigSchema, ppoKind, ppoTaskInput } from './ppo';
import { RlooJobConfigSchema, rlooKind } from './rloo';
import { TrpoJobConfigSchema, trpoKind, trpoTaskInput } from './trpo';

interface LoopAlgorithmKind {
  schema: z.ZodType;
  usesRewardModel(config: unknown): boolean;
  input(ctx: JobContext, config: unknown, run: JobRun): unknown;
  finish(ctx: JobContext, output: unknown, config: unknown, run: JobRun): { policy: { id: number; version: number }; metrics: Record<string, number> };
}

// biome-ignore lint/suspicious/noExplicitAny: each entry's config and output types are its own kind's
const entry = <C>(e: { schema: z.ZodType<C>; usesRewardModel(c: C): boolean; input(ctx: JobContext, c: C, run: JobRun): unknown; finish(ctx: JobContext, o: any, c: C, run: JobRun): any }) =>
  e as unknown as LoopAlgorithmKind;

export const LOOP_ALGORITHM_KINDS: Record<LoopAlgorithm, LoopAlgorithmKind> = {
  ppo: entry({
    schema: PpoJobConfigSchema,
    usesRewardModel: (c) => c.rmWeight > 0,
    input: ({ store }, c, run) => ppoTaskInput(store, c, run.jobId, null),
    finish: (ctx, o, c, run) => ppoKind.finish!(ctx, o, c, run),
  }),
  trpo: entry({
    schema: TrpoJobConfigSchema,
    usesRewardModel: (c) => c.rmWeight > 0,
    input: ({ store }, c, run) => trpoTaskInput(store, c, run.jobId, null),
    finish: (ctx, o, c, run) => trpoKind.finish!(ctx, o, c, run),
  }),
  dpo: entry({
    schema: DpoJobConfigSchema,
    usesRewardModel: () => false,
    input: (ctx, c, run) => dpoKind.prepare!(ctx, c, run),
    finish: (ctx, o, c, run) => dpoKind.finish!(ctx, o, c, run),
  }),
  best_of_n: entry({
    schema: BestOfNJobConfigSchema,
    usesRewardModel: (c) => c.rmWeight > 0,
    input: ({ store }, c, run) => bestOfNTaskInput(store, c, run.jobId, null),
    finish: (ctx, o, c, run) => bestOfNKind.finish!(ctx, o, c, run),
  }),
  rloo: entry({
    schema: RlooJobConfigSchema,
    usesRewardModel: () => false,
    input: (ctx, c, run) => rlooKind.prepare!(ctx, c, run),
    finish: (ctx, o, c, run) => rlooKind.finish!(ctx, o, c, run),
  }),
};
