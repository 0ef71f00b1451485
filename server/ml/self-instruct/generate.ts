/**
 * Self-Instruct's bootstrap loop (Wang et al. 2022): each round samples up to `machinePerPrompt` accepted
 * (machine) instructions plus seed instructions to `promptSize` in all, shuffled, asks the generator to continue
 * the numbered list, and keeps a parsed instruction when it passes the heuristic filters and its ROUGE-L F1
 * against every instruction in the pool (seeds + accepted so far) is ≤ rougeThreshold (the reference drops
 * `max > 0.7`).
 */
import { createRng } from '../random';
import { type RejectReason, encodePrompt, filterReason, parseNumberedList } from './prompt';
import { rougeLTokens, tokenize } from './rouge';

export type InstructionGenerator = (prompt: string) => Promise<string>;

export interface GenerateInstructionsOptions {
  seeds: readonly string[];
  generator: InstructionGenerator;
  /** Stop once this many new instructions are accepted. */
  target: number;
  seed: number;
  rougeThreshold?: number;
  /** Generator calls at most [max(10, target)]. */
  maxRounds?: number;
  /** Instructions shown per prompt [8], of which machine-generated at most [2]. */
  promptSize?: number;
  machinePerPrompt?: number;
}

export interface AcceptedInstruction {
  instruction: string;
  /** The highest ROUGE-L F1 against the pool at acceptance, and with which instruction. */
  maxRouge: number;
  mostSimilar: string | null;
  round: number;
}

export interface GenerateInstructionsResult {
  instructions: AcceptedInstruction[];
  stats: { rounds: number; generated: number; kept: number; rejected: Record<RejectReason, number> };
}

export async function generateInstructions(opts: GenerateInstructionsOptions): Promise<GenerateInstructionsResult> {
  const { seeds, generator, target, rougeThreshold = 0.7, maxRounds = Math.max(10, target), promptSize = 8, machinePerPrompt = 2 } = opts;
  if (seeds.length === 0) throw new Error('generateInstructions: no seed instructions');
  const rng = createRng(opts.seed);
  const pool = seeds.map((text) => ({ text, tokens: tokenize(text) }));
  const accepted: AcceptedInstruction[] = [];
  const rejected: Record<RejectReason, number> = { length: 0, keyword: 0, program: 0, punctuation: 0, non_ascii: 0, similar: 0 };
  let generated = 0;
  let rounds = 0;

  while (accepted.length < target && rounds < maxRounds) {
    rounds++;
    // 1. prompt: a few machine instructions, the rest from the seeds
    const machine = rng.sample(accepted, Math.min(machinePerPrompt, accepted.length)).map((a) => a.instruction);
    const human = rng.sample(seeds, Math.min(promptSize - machine.length, seeds.length));
    const completion = await generator(encodePrompt(rng.shuffle([...machine, ...human])));

    // 2. parse, filter, deduplicate against the pool
    for (const instruction of parseNumberedList(completion)) {
      if (accepted.length >= target) break;
      generated++;
      const reason = filterReason(instruction);
      if (reason) {
        rejected[reason]++;
        continue;
      }
      const tokens = tokenize(instruction);
      let maxRouge = 0;
      let mostSimilar: string | null = null;
      for (const other of pool) {
        const f = rougeLTokens(other.tokens, tokens).fmeasure;
        if (f > maxRouge) [maxRouge, mostSimilar] = [f, other.text];
      }
      if (maxRouge > rougeThreshold) {
        rejected.similar++;
        continue;
      }
      pool.push({ text: instruction, tokens });
      accepted.push({ instruction, maxRouge, mostSimilar, round: rounds });
    }
  }
  return { instructions: accepted, stats: { rounds, generated, kept: accepted.length, rejected } };
}
