// One round of the loop (DESIGN.md §4 "The loop"), as plain data in and out (worker entry:
// server/jobs/kinds/loop-task.ts; the loop job kind prepares the input and stores the output):
// 1. reward model: retrain on the labels when enough new ones arrived; keep it only if its held-out accuracy is not
//    worse than the active one's   2. policy: the chosen algorithm from the active policy, rewarded by the reward
//    model in use (skipped when the new reward model is worse)   3. fresh pairs: same-version pairs of the new
//    policy (K samples per prompt, the most different two) for reward-model data, and cross-version pairs (new vs
//    previous) whose labels give each version's win rate.
import { initBackend } from '../backend';
import { selectPairs } from '../generation/pair-selection';
import { type PromptInput, type ResponseSample, type SamplingParams, sampleResponses } from '../generation/sample-responses';
import { loadCheckpoint } from '../model/checkpoint';
import { clearsGate, notWorse, type RmComparison, type RmGate } from '../reward/activation-rule';
import { loadRewardModel } from '../reward/checkpoint';
import { heldoutAccuracy } from '../reward/compare';
import { headRewards, mostUncertainPair } from '../reward/pair-uncertainty';
import { type RmTaskInput, type RmTaskResult, runRewardTraining } from '../reward/run';
import { needsRewardModel, type PolicyUpdateResult, type RoundPolicy, runPolicyUpdate } from './policy-update';

export interface RoundPairsInput {
  prompts: PromptInput[]; // same-version pairs, one per prompt
  samplesPerPrompt: number; // K: of K samples, the two an ensemble reward model disagrees on most, else the most different two
  temperature: number;
  crossPrompts: PromptInput[]; // cross-version pairs, one per prompt
  crossTemperature: number;
  maxNewTokens: number;
  seed: number;
}

export interface LoopRoundInput {
  rm: RmTaskInput | null; // null: too few new labels, the active reward model is used
  activeRm: { dir: string } | null; // the reward model in use; a new one replaces it only if not worse on the same pairs
  /** a policy update that needs the reward model runs only if the one in use clears this on the round's held-out pairs (absent: always) */
  rmGate?: RmGate;
  /** in a round that trains no reward model: the stored labels' held-out pairs, on which the gate judges the active one */
  gateEval?: RmTaskInput['eval'];
  policy: RoundPolicy | null; // null: no policy update this round (pairs of the active policy only)
  previousPolicyDir: string; // the active policy: the start of the update and the other side of cross pairs
  pairs: RoundPairsInput;
}

/** Two samples of one prompt, and the reward-model ensemble's uncertainty about their order (null: no ensemble). */
export type SamplePair = { a: ResponseSample; b: ResponseSample; uncertainty: number | null };

export interface LoopRoundResult {
  rm: RmTaskResult | null;
  rmUsed: 'new' | 'active';
  /** held-out accuracy of the new and the active reward model on the SAME held-out pairs (the new dataset's) */
  rmComparison: RmComparison | null;
  policy: (PolicyUpdateResult & { outDir: string }) | null; // null when skipped
  skipped: string | null; // why the policy update was skipped
  samePairs: SamplePair[]; // both from the new policy (or the previous one when the update was skipped)
  crossPairs: { next: ResponseSample; previous: ResponseSample }[];
  seconds: { rm: number; policy: number; pairs: number };
}

export interface RoundReporter {
  phase(fraction: number, message: string): void;
  metrics(record: Record<string, number>): void;
}


export async function runLoopRound(input: LoopRoundInput, report: RoundReporter): Promise<LoopRoundResult> {
  await initBackend();
  let step = 0;
  const record = (prefix: string, m: Record<string, number>) =>
    report.metrics({ ...Object.fromEntries(Object.entries(m).flatMap(([k, v]) => (k === 'step' || !Number.isFinite(v) ? [] : [[`${prefix}${k}`, v]]))), step: ++step });

  const clock = { t: performance.now() };
  const lap = () => {
    const now = performance.now();
    const s = (now - clock.t) / 1000;
    clock.t = now;
    return s;
  };
  // 1. reward model
  let rm: RmTaskResult | null = null;
  let rmDir = input.activeRm?.dir ?? null;
  let rmComparison: LoopRoundResult['rmComparison'] = null;
  if (input.rm) {
    report.phase(0.02, 'reward model: training');
    rm = await runRewardTraining(input.rm, (m) => record('rm/', m));
    // both models judged on the same held-out pairs: accuracies stored by earlier rounds came from other pairs
    const active = input.activeRm ? await heldoutAccuracy(input.activeRm.dir, input.rm.eval) : null;
    rmComparison = { candidate: rm.valAccuracy, active };
    if (notWorse(rmComparison)) rmDir = rm.outDir;
  }
  const rmUsed = rm && rmDir === rm.outDir ? 'new' : 'active';
  const rmWorse = rm !== null && rmUsed === 'active';
  const rmSeconds = lap();

  // 2. policy
  let policy: LoopRoundResult['policy'] = null;
  let skipped: string | null = null;
  const gateFailure = input.policy && needsRewardModel(input.policy) ? await rmGateFailure(input, rmUsed, rmComparison) : null;
  if (!input.policy) skipped = 'no policy update asked';
  else if (rmWorse) skipped = `the new reward model's held-out accuracy ${rm?.valAccuracy} is below the active one's ${rmComparison?.active} on the same pairs`;
  else if (needsRewardModel(input.policy) && !rmDir) skipped = 'no reward model';
  else if (gateFailure) skipped = gateFailure;
  else {
    report.phase(0.3, `policy: ${input.policy.algorithm}`);
    policy = await runPolicyUpdate(input.policy, rmDir, (m) => record('policy/', m));
  }

  const policySeconds = lap();
  // 3. pairs
  report.phase(0.85, 'pairs: sampling');
  const nextDir = policy?.outDir ?? input.previousPolicyDir;
  const p = input.pairs;
  const same = await samplesOf(nextDir, p.prompts, p.samplesPerPrompt, { temperature: p.temperature, maxNewTokens: p.maxNewTokens, seed: p.seed });
  const samePairs = await pairSamplesByPrompt(same, p.samplesPerPrompt, p.prompts, rmDir);
  let crossPairs: LoopRoundResult['crossPairs'] = [];
  if (policy && p.crossPrompts.length > 0) {
    const params = { temperature: p.crossTemperature, maxNewTokens: p.maxNewTokens, seed: p.seed + 1 };
    const next = await samplesOf(nextDir, p.crossPrompts, 1, params);
    const previous = await samplesOf(input.previousPolicyDir, p.crossPrompts, 1, params);
    crossPairs = next.map((s, i) => ({ next: s, previous: previous[i] }));
  }
  report.phase(0.99, 'storing');
  return { rm, rmUsed, rmComparison, policy, skipped, samePairs, crossPairs, seconds: { rm: rmSeconds, policy: policySeconds, pairs: lap() } };
}

/**
 * Why the reward model in use may not drive the policy update (null: it may). Its held-out accuracy must clear the
 * gate: measured this round on the new dataset's held-out pairs or, when no reward model was trained, the active
 * one's on the stored labels' held-out pairs. No held-out pairs: not gated.
 */
async function rmGateFailure(input: LoopRoundInput, rmUsed: 'new' | 'active', comparison: RmComparison | null): Promise<string | null> {
  if (!input.rmGate) return null;
  let pairs = input.rm?.eval.length ?? 0;
  let accuracy = rmUsed === 'new' ? comparison?.candidate : comparison?.active;
  if (!input.rm && input.activeRm && input.gateEval && input.gateEval.length > 0) {
    pairs = input.gateEval.length;
    accuracy = await heldoutAccuracy(input.activeRm.dir, input.gateEval);
  }
  if (pairs === 0 || accuracy === null || accuracy === undefined) return null;
  if (clearsGate(accuracy, pairs, input.rmGate)) return null;
  const { minAccuracy, z } = input.rmGate;
  return (
    `the ${rmUsed} reward model's held-out accuracy ${(100 * accuracy).toFixed(1)} % on ${pairs} pairs is not ${z} standard errors above ` +
    `${(100 * minAccuracy).toFixed(0)} %: a policy trained on it would follow noise (more labels, or a lower rmGate)`
  );
}

async function samplesOf(dir: string, prompts: PromptInput[], n: number, params: SamplingParams): Promise<ResponseSample[]> {
  if (prompts.length === 0) return [];
  const { model, tokenizer } = await loadCheckpoint(dir);
  try {
    return sampleResponses(model, tokenizer, prompts, { samplesPerPrompt: n, params });
  } finally {
    model.dispose();
  }
}

/**
 * Groups of K consecutive samples (one prompt each) → one pair each: with an ensemble reward model, the pair its
 * heads disagree on most (pair-uncertainty.ts), its uncertainty kept for the queue's order; else the most different
 * two (pair-selection.ts 'diverse').
 */
async function pairSamplesByPrompt(samples: ResponseSample[], k: number, prompts: PromptInput[], rmDir: string | null): Promise<SamplePair[]> {
  const rm = rmDir ? (await loadRewardModel(rmDir)).rm : null;
  try {
    const ensemble = rm && rm.ensemble > 1 ? rm : null;
    const text = new Map(prompts.map((p) => [p.id, p.text]));
    const heads = ensemble ? headRewards(ensemble, samples.map((s) => text.get(s.promptId) ?? ''), samples.map((s) => s.text)) : null;
    const pairs: SamplePair[] = [];
    for (let g = 0; g < samples.length; g += k) {
      const group = samples.slice(g, g + k);
      const texts = group.map((s) => s.text);
      if (heads && ensemble) {
        const best = mostUncertainPair(texts, heads.slice(g, g + k), ensemble.normalisation.gain);
        if (best) pairs.push({ a: group[best.pair[0]], b: group[best.pair[1]], uncertainty: best.uncertainty });
      } else {
        for (const [i, j] of selectPairs(texts, { pairs: 1, strategy: 'diverse' })) pairs.push({ a: group[i], b: group[j], uncertainty: null });
      }
    }
    return pairs;
  } finally {
    rm?.dispose();
  }
}
