/**
 * self_instruct: Self-Instruct prompt generation as a job (the admin import route queues one).
 *
 * The generation runs in the job's worker thread, outbound HTTP included: besides the endpoint calls
 * (async I/O, harmless on the event loop) each round filters the answers with ROUGE-L against every stored
 * prompt, which is CPU work that grows with the database; and with the built-in policy the worker samples.
 * The main thread only reads the stored prompt texts (prepare) and stores the kept ones (finish, one
 * transaction), so a failed or cancelled run stores nothing.
 */
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type ImportSelfInstructResult, ImportSelfInstructRequestSchema } from '../../../shared/schemas/imports';
import {
  cleanSeeds,
  existingPromptTexts,
  generatorName,
  makeGenerator,
  requestGenerator,
  requestSeeds,
  type SelfInstructGeneration,
  selfInstructResult,
  storeSelfInstruct,
} from '../../import/self-instruct';
import { defineJobKind } from '../kind';
import type { SelfInstructTaskInput } from './self-instruct-task';

export const selfInstructKind = defineJobKind({
  kind: 'self_instruct',
  config: ImportSelfInstructRequestSchema,
  task: fileURLToPath(new URL('./self-instruct-task.ts', import.meta.url)),
  check({ store }, config) {
    requestSeeds(store, config); // 400 no_seeds
    makeGenerator(requestGenerator(config, 0)); // 503 policy_unavailable when the built-in checkpoint is missing
  },
  prepare({ store }, config): SelfInstructTaskInput {
    const seeds = cleanSeeds(requestSeeds(store, config));
    const seed = config.seed ?? randomInt(2 ** 31 - 1);
    const spec = requestGenerator(config, seed);
    return {
      seeds,
      existing: existingPromptTexts(store, seeds),
      target: config.target,
      seed,
      rougeThreshold: config.rougeThreshold,
      spec,
      generator: generatorName(spec),
    };
  },
  finish(ctx, output: SelfInstructGeneration & { seed: number; generator: string }): ImportSelfInstructResult {
    const out = storeSelfInstruct(ctx.store, output);
    if (out.prompts > 0) ctx.live.changed();
    ctx.log.info(
      `self-instruct: ${out.kept} kept of ${out.generated} generated in ${out.rounds} rounds, ${out.prompts} new prompts (${output.generator}, seed ${output.seed})`,
    );
    return selfInstructResult(out, output.seed, output.generator);
  },
});
