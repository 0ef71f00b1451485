// Worker thread of a self_instruct job: generates and filters instructions; the main thread stores them.
import type { GeneratorSpec } from '../../import/self-instruct';
import { generateSelfInstruct, makeGenerator, type SelfInstructGeneration } from '../../import/self-instruct';
import { defineJobTask } from '../job-task';

export interface SelfInstructTaskInput {
  seeds: string[];
  existing: string[];
  target: number;
  seed: number;
  rougeThreshold?: number;
  spec: GeneratorSpec;
  /** for the result */
  generator: string;
}

defineJobTask<SelfInstructTaskInput, SelfInstructGeneration & { seed: number; generator: string }>(async (input, job) => {
  const generation = await generateSelfInstruct({
    seeds: input.seeds,
    existing: input.existing,
    generator: makeGenerator(input.spec),
    target: input.target,
    seed: input.seed,
    rougeThreshold: input.rougeThreshold,
    onRound: ({ round, maxRounds, generated, kept, target }) => {
      job.progress(Math.max(round / maxRounds, kept / target), `round ${round}/${maxRounds}: ${generated} generated, ${kept}/${target} kept`);
      job.metrics({ step: round, 'self_instruct/generated': generated, 'self_instruct/kept': kept });
    },
  });
  return { ...generation, seed: input.seed, generator: input.generator };
});
