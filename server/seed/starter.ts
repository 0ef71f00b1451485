/**
 * The embedded default workload: on an empty database, the built-in starter policy becomes policy v1,
 * task-world prompts (with their verifiers) are stored, and the policy's own samples fill the queue with
 * same-version pairs: K samples per prompt, the most different two paired (QUEUE_SAMPLING). Sampling runs in a worker thread while the server already answers.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Choice } from '../../shared/schemas/labels';
import type { AppContext } from '../context';
import { generatePairsForPrompts } from '../ml/generation/generate-pairs';
import { selectPairs } from '../ml/generation/pair-selection';
import { QUEUE_SAMPLING } from '../ml/generation/queue-sampling';
import type { ResponseSample } from '../ml/generation/sample-responses';
import { generateStarterPrompts } from '../ml/generation/starter-prompts';
import { verify } from '../ml/tasks/index';
import type { VerifierSpec } from '../ml/tasks/types';

export interface StarterSeedOptions {
  checkpointDir: string;
  promptCount?: number; // [48] balanced over the task families
  seed?: number; // [7] prompts and samples are reproducible from it
  goldCount?: number; // [4] pairs whose verifier scores make the right answer certain
  maxNewTokens?: number; // [96]
  signal?: AbortSignal; // stops the sampling worker (server shutdown)
}

export interface StarterSeedResult {
  prompts: number;
  comparisons: number;
  gold: number;
}

export const hasCheckpoint = (dir: string | undefined): dir is string => !!dir && existsSync(join(dir, 'config.json'));

interface SeededPrompt {
  id: number;
  text: string;
  verifier: VerifierSpec;
}

/** Stores policy v1 and the prompts (one transaction), then samples pairs in a worker and stores them. */
export async function seedFromStarterPolicy(ctx: AppContext, opts: StarterSeedOptions): Promise<StarterSeedResult> {
  const { store } = ctx;
  const seed = opts.seed ?? 7;
  const { policyId, prompts } = store.transaction(() => {
    const policy =
      store.policies.active() ??
      (() => {
        const p = store.policies.register({ kind: 'builtin', checkpointPath: relative(process.cwd(), opts.checkpointDir) || '.' });
        store.policies.activate(p.id);
        return p;
      })();
    const stored: SeededPrompt[] = generateStarterPrompts({ seed, count: opts.promptCount ?? 48 }).map((p) => ({
      id: store.prompts.upsert({ text: p.text, source: 'task-world', tags: ['starter', p.family], taskFamily: p.family, verifier: p.verifier }).id,
      text: p.text,
      verifier: p.verifier,
    }));
    return { policyId: policy.id, prompts: stored };
  });

  const samples = await generatePairsForPrompts({
    checkpointDir: opts.checkpointDir,
    prompts,
    samplesPerPrompt: QUEUE_SAMPLING.samplesPerPrompt,
    temperature: QUEUE_SAMPLING.temperature,
    seed,
    maxNewTokens: opts.maxNewTokens ?? 96,
    signal: opts.signal,
  });
  const result = storePairs(ctx, policyId, prompts, samples, opts.goldCount ?? 4);
  ctx.live.pairsAdded(result.comparisons);
  return { prompts: prompts.length, ...result };
}

/** K samples per prompt → the most different two become a comparison (QUEUE_SAMPLING); a few certain ones become gold. */
function storePairs(ctx: AppContext, policyId: number, prompts: SeededPrompt[], samples: ResponseSample[], goldCount: number) {
  const { store } = ctx;
  const overlapTarget = store.settings.queue().overlap;
  const byPrompt = new Map<number, ResponseSample[]>();
  for (const s of samples) {
    const group = byPrompt.get(s.promptId);
    if (group) group.push(s);
    else byPrompt.set(s.promptId, [s]);
  }
  return store.transaction(() => {
    let comparisons = 0;
    let gold = 0;
    for (const prompt of prompts) {
      const group = byPrompt.get(prompt.id) ?? [];
      const pairs = selectPairs(
        group.map((s) => s.text),
        { pairs: QUEUE_SAMPLING.pairsPerPrompt, strategy: QUEUE_SAMPLING.strategy },
      );
      for (const [i, j] of pairs) {
        const [a, b] = [group[i], group[j]];
        const [idA, idB] = [a, b].map(
          (s) =>
            store.responses.upsert({
              promptId: s.promptId,
              policyId,
              text: s.text,
              tokenCount: s.tokenCount,
              logprobSum: s.logprobSum,
              samplingParams: s.samplingParams,
            }).id,
        );
        const answer = gold < goldCount ? certainAnswer(prompt.verifier, a.text, b.text) : undefined;
        store.comparisons.insert({
          promptId: prompt.id,
          responseA: idA,
          responseB: idB,
          kind: answer ? 'gold' : 'train',
          priority: 0,
          overlapTarget,
          goldAnswer: answer,
        });
        comparisons++;
        if (answer) gold++;
      }
    }
    return { comparisons, gold };
  });
}

/** A gold answer only where the oracle leaves no doubt: one answer fully right, the other clearly wrong. */
function certainAnswer(verifier: VerifierSpec, a: string, b: string): Choice | undefined {
  const [sa, sb] = [verify(verifier, a), verify(verifier, b)];
  if (sa === 1 && sb <= 0.2) return 'a';
  if (sb === 1 && sa <= 0.2) return 'b';
  return undefined;
}
