// Label rows → preference pairs for the rank loss (pure functions; the store query is server/store/reward-data.ts).
//
// Choice is stored in storage order: 'a' means comparisons.response_a, whatever side it was shown on. The
// shown-order swap is undone once, when the label is submitted (server/labels/submit.ts choiceOf: 'left' under
// shown order 'ba' is stored as 'b'); shown_order is kept only to measure position bias. So the builder maps
// choice 'a' → response_a and must not swap again.
import { createHash } from 'node:crypto';
import type { Message } from '../model/chat-template';

export type Choice = 'a' | 'b' | 'tie' | 'both_bad';

/** One label joined with its comparison, prompt and the two responses. */
export interface LabelRow {
  labelId: number;
  comparisonId: number;
  promptId: number;
  prompt: string | Message[];
  responseA: string;
  responseB: string;
  choice: Choice;
  strength: number; // 0..3 (Llama 2 scale: negligibly … significantly better)
  shownOrder: 'ab' | 'ba';
  kind: 'train' | 'eval' | 'gold';
}

export interface PreferencePair {
  promptId: number;
  comparisonId: number;
  prompt: string | Message[];
  chosen: string;
  rejected: string;
  strength: number; // 0..3
  margin: number; // m in -log σ(r_w − r_l − m)
}

export interface DatasetOptions {
  mode: 'each_label' | 'majority'; // every label its own pair, or one pair per comparison by majority [each_label]
  margins: boolean; // margin from strength (0, 1/3, 2/3, 1); off = 0 for every pair [true]
  heldoutFraction: number; // share of prompts held out [0.15]
  seed: number; // the split's hash seed [0]
}

export const DATASET_DEFAULTS: DatasetOptions = { mode: 'each_label', margins: true, heldoutFraction: 0.15, seed: 0 };

/** Llama 2's margin scale: strength 0..3 → 0, 1/3, 2/3, 1. */
export const marginOf = (strength: number, margins = true): number => (margins ? Math.min(3, Math.max(0, strength)) / 3 : 0);

function pairOf(row: LabelRow, winner: 'a' | 'b', strength: number, margins: boolean): PreferencePair {
  const [chosen, rejected] = winner === 'a' ? [row.responseA, row.responseB] : [row.responseB, row.responseA];
  return {
    promptId: row.promptId,
    comparisonId: row.comparisonId,
    prompt: row.prompt,
    chosen,
    rejected,
    strength,
    margin: marginOf(strength, margins),
  };
}

/** One pair per a/b label; ties and both-bad say nothing about the order and are left out. */
export function pairsFromEachLabel(rows: LabelRow[], margins = true): PreferencePair[] {
  return rows.flatMap((r) => (r.choice === 'a' || r.choice === 'b' ? [pairOf(r, r.choice, r.strength, margins)] : []));
}

/**
 * One pair per comparison: the choice that more than half of its labels made (ties and both-bad are votes
 * too, so a comparison whose majority is a tie, or that has none, gives no pair). Strength = the rounded mean
 * strength of the majority's labels.
 */
export function pairsByMajority(rows: LabelRow[], margins = true): PreferencePair[] {
  const byComparison = new Map<number, LabelRow[]>();
  for (const r of rows) byComparison.set(r.comparisonId, [...(byComparison.get(r.comparisonId) ?? []), r]);
  const pairs: PreferencePair[] = [];
  for (const labels of byComparison.values()) {
    for (const side of ['a', 'b'] as const) {
      const votes = labels.filter((l) => l.choice === side);
      if (2 * votes.length <= labels.length) continue;
      const strength = Math.round(votes.reduce((s, l) => s + l.strength, 0) / votes.length);
      pairs.push(pairOf(labels[0], side, strength, margins));
    }
  }
  return pairs;
}

/** Deterministic uniform number in [0, 1) from a prompt id and a seed. */
export function promptHash01(promptId: number, seed: number): number {
  const digest = createHash('sha256').update(`${seed}:${promptId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** Held out by prompt: every pair of a prompt lands on the same side. */
export function splitByPrompt<T extends { promptId: number }>(items: T[], fraction: number, seed: number): { train: T[]; heldout: T[] } {
  const train: T[] = [];
  const heldout: T[] = [];
  for (const it of items) (promptHash01(it.promptId, seed) < fraction ? heldout : train).push(it);
  return { train, heldout };
}

export interface PreferenceDataset {
  train: PreferencePair[];
  heldout: PreferencePair[];
  labels: number; // label rows read
  excluded: number; // labels that gave no pair (ties, both-bad; in majority mode: comparisons without an a/b majority)
}

export function buildDataset(rows: LabelRow[], options: Partial<DatasetOptions> = {}): PreferenceDataset {
  const o = { ...DATASET_DEFAULTS, ...options };
  const pairs = o.mode === 'majority' ? pairsByMajority(rows, o.margins) : pairsFromEachLabel(rows, o.margins);
  const paired = new Set(pairs.map((p) => p.comparisonId));
  const used = o.mode === 'majority' ? rows.filter((r) => paired.has(r.comparisonId)).length : pairs.length;
  return { ...splitByPrompt(pairs, o.heldoutFraction, o.seed), labels: rows.length, excluded: rows.length - used };
}
