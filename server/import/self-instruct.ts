/**
 * Self-Instruct as an import source: bootstrap new prompts from seed instructions with a generator (any
 * OpenAI-compatible completions endpoint, or the built-in policy in a worker thread) and store the ones that
 * pass the reference's filters as prompts (source and tag 'self-instruct').
 *
 * generateInstructions only knows its own pool (seeds + what it accepted), so the generator handed to it is
 * wrapped: each completion is parsed, filtered and checked against a larger pool — seeds, every prompt already
 * stored, and what this run kept — and only what passes is handed back (as a re-numbered list). What the wrapper
 * passes is exactly what generateInstructions then accepts (its pool is a subset of ours, same filters, same
 * cut-off at `target`), so the run still reaches `target` and the statistics here are exact.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type {
  ImportSelfInstructRequest,
  ImportSelfInstructResult,
  SelfInstructRejectReason,
} from '../../shared/schemas/imports';
import { HttpError } from '../errors';
import { type GenerateInstructionsOptions, generateInstructions, type InstructionGenerator } from '../ml/self-instruct/generate';
import { filterReason, parseNumberedList } from '../ml/self-instruct/prompt';
import { rougeLTokens, tokenize } from '../ml/self-instruct/rouge';
import type { Store } from '../store';
import { type GeneratorSpec, generatorName, makeGenerator } from './self-instruct-generators';

export { type GeneratorSpec, generatorName, makeGenerator };

export const SELF_INSTRUCT_SOURCE = 'self-instruct';
export const DEFAULT_ROUGE_THRESHOLD = 0.7;

// ---------------------------------------------------------------------------------------------------------------
// Similarity pool: ROUGE-L F1 against many instructions, with cheap upper bounds before the O(m·n) LCS

interface PoolEntry {
  text: string;
  tokens: string[];
  ids: Int32Array;
}

class SimilarityPool {
  private readonly vocab = new Map<string, number>();
  private readonly entries: PoolEntry[] = [];
  private readonly texts = new Set<string>();
  private counts = new Int32Array(1024);

  constructor(texts: Iterable<string>) {
    for (const text of texts) this.add(text);
  }

  get size(): number {
    return this.entries.length;
  }

  add(text: string): void {
    this.texts.add(text);
    const tokens = tokenize(text);
    this.entries.push({ text, tokens, ids: Int32Array.from(tokens, (t) => this.idOf(t)) });
  }

  /**
   * The highest ROUGE-L F1 of `text` against the pool, and with which entry; stops at the first score above
   * `floor`. The same text already in the pool counts as +Infinity (a repeat is never new, whatever the floor).
   */
  closest(text: string, floor: number): { score: number; text: string | null } {
    if (this.texts.has(text)) return { score: Number.POSITIVE_INFINITY, text };
    const tokens = tokenize(text);
    const n = tokens.length;
    let best = { score: 0, text: null as string | null };
    if (n === 0) return best;
    const ids = tokens.map((t) => this.idOf(t));
    if (this.counts.length < this.vocab.size) {
      const grown = new Int32Array(this.vocab.size * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    for (const id of ids) this.counts[id]++;
    for (const entry of this.entries) {
      const m = entry.tokens.length;
      if (m === 0) continue;
      // LCS ≤ min(m, n) and ≤ the multiset intersection; F1 = 2·LCS / (m + n)
      const bar = best.score;
      if ((2 * Math.min(m, n)) / (m + n) <= bar) continue;
      let common = 0;
      for (const id of entry.ids) {
        if (this.counts[id] > 0) {
          this.counts[id]--;
          common++;
        }
      }
      for (const id of entry.ids) this.counts[id] = 0; // reset, then restore the query's counts
      for (const id of ids) this.counts[id] = 0;
      for (const id of ids) this.counts[id]++;
      if ((2 * common) / (m + n) <= bar) continue;
      const score = rougeLTokens(entry.tokens, tokens).fmeasure;
      if (score > best.score) best = { score, text: entry.text };
      if (best.score > floor) break;
    }
    for (const id of ids) this.counts[id] = 0;
    return best;
  }

  private idOf(token: string): number {
    let id = this.vocab.get(token);
    if (id === undefined) {
      id = this.vocab.size;
      this.vocab.set(token, id);
    }
    return id;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The import

export interface SelfInstructRound {
  round: number;
  maxRounds: number;
  /** totals so far */
  generated: number;
  kept: number;
  target: number;
}

export interface GenerateSelfInstructOptions
  extends Pick<GenerateInstructionsOptions, 'generator' | 'target' | 'seed' | 'rougeThreshold' | 'maxRounds'> {
  /** de-duplicated, non-empty */
  seeds: string[];
  /** the texts of prompts already stored (not seeds): nothing close to them is kept */
  existing: string[];
  /** after every generator call */
  onRound?: (progress: SelfInstructRound) => void;
  /** stops before the next generator call */
  signal?: AbortSignal;
}

export interface ImportSelfInstructOptions extends Omit<GenerateSelfInstructOptions, 'existing'> {}

export interface KeptInstruction {
  promptId: number;
  text: string;
  /** false when the exact text was stored meanwhile (a duplicate) */
  created: boolean;
  round: number;
  maxRouge: number;
  mostSimilar: string | null;
}

/** What a run generated and kept, before anything is stored (structured-cloneable: a worker returns it). */
export interface SelfInstructGeneration {
  generated: number;
  /** by reason */
  rejected: Record<SelfInstructRejectReason, number>;
  rounds: number;
  seeds: number;
  existingPrompts: number;
  accepted: Omit<KeptInstruction, 'promptId' | 'created'>[];
}

export interface ImportSelfInstructOutcome extends Omit<SelfInstructGeneration, 'accepted'> {
  kept: number;
  /** new prompt rows */
  prompts: number;
  duplicates: number;
  instructions: KeptInstruction[];
}

/** Unique, trimmed, non-empty seeds; a 400 no_seeds when none is left. */
export function cleanSeeds(texts: readonly string[]): string[] {
  const seeds = [...new Set(texts.map((s) => s.trim()).filter((s) => s !== ''))];
  if (seeds.length === 0) throw new HttpError(400, 'no_seeds', 'Self-instruct needs at least one seed instruction');
  return seeds;
}

/**
 * Runs Self-Instruct from `seeds` with `existing` (the stored prompts) in the similarity pool too. Touches no
 * database, so it can run in a worker thread; storeSelfInstruct then stores what it kept.
 */
export async function generateSelfInstruct(opts: GenerateSelfInstructOptions): Promise<SelfInstructGeneration> {
  const { target, signal, onRound, seeds, existing } = opts;
  const threshold = opts.rougeThreshold ?? DEFAULT_ROUGE_THRESHOLD;
  const maxRounds = opts.maxRounds ?? Math.max(10, target);
  const pool = new SimilarityPool([...seeds, ...existing]);

  const rejected: Record<SelfInstructRejectReason, number> = { length: 0, keyword: 0, program: 0, punctuation: 0, non_ascii: 0, similar: 0 };
  const accepted: SelfInstructGeneration['accepted'] = [];
  let generated = 0;
  let round = 0;

  const filtered: InstructionGenerator = async (prompt) => {
    signal?.throwIfAborted();
    round++;
    const completion = await opts.generator(prompt);
    signal?.throwIfAborted();
    const passed: string[] = [];
    for (const instruction of parseNumberedList(completion)) {
      if (accepted.length >= target) break;
      generated++;
      const reason = filterReason(instruction);
      if (reason) {
        rejected[reason]++;
        continue;
      }
      const closest = pool.closest(instruction, threshold);
      if (closest.score > threshold) {
        rejected.similar++;
        continue;
      }
      pool.add(instruction);
      accepted.push({ text: instruction, round, maxRouge: closest.score, mostSimilar: closest.text });
      passed.push(instruction);
    }
    onRound?.({ round, maxRounds, generated, kept: accepted.length, target });
    // numbered from 1 so the first item is not read as the continuation of an open "N."
    return passed.map((text, i) => `${i + 1}. ${text}`).join('\n');
  };

  const result = await generateInstructions({ seeds, generator: filtered, target, seed: opts.seed, rougeThreshold: threshold, maxRounds });
  const theirs = result.instructions.map((i) => i.instruction);
  if (theirs.length !== accepted.length || theirs.some((t, i) => t !== accepted[i].text)) {
    throw new Error(`self-instruct: the filtered list (${accepted.length}) and generateInstructions (${theirs.length}) disagree`);
  }
  signal?.throwIfAborted();
  return { generated, rejected, rounds: result.stats.rounds, seeds: seeds.length, existingPrompts: existing.length, accepted };
}

/** Stores the kept instructions as prompts (one transaction, de-duplicated by text). */
export function storeSelfInstruct(store: Store, generation: SelfInstructGeneration): ImportSelfInstructOutcome {
  const { accepted, ...stats } = generation;
  const instructions = store.transaction(() =>
    accepted.map((a) => {
      const { id, created } = store.prompts.upsert({ text: a.text, source: SELF_INSTRUCT_SOURCE, tags: [SELF_INSTRUCT_SOURCE] });
      return { promptId: id, created, ...a };
    }),
  );
  const prompts = instructions.filter((i) => i.created).length;
  return { ...stats, kept: accepted.length, prompts, duplicates: accepted.length - prompts, instructions };
}

/** The stored prompts other than the seeds: the rest of the similarity pool. */
export function existingPromptTexts(store: Store, seeds: readonly string[]): string[] {
  const seedSet = new Set(seeds);
  return storedPromptTexts(store).filter((t) => !seedSet.has(t));
}

/**
 * Runs Self-Instruct from `seeds`, with every prompt already stored added to the similarity pool, then stores
 * the kept instructions as prompts (one transaction, de-duplicated by text). Nothing is stored when the generator
 * fails. (On the calling thread: the server runs it as a self_instruct job instead, see server/jobs/kinds.)
 */
export async function importSelfInstruct(store: Store, opts: ImportSelfInstructOptions): Promise<ImportSelfInstructOutcome> {
  const seeds = cleanSeeds(opts.seeds);
  const generation = await generateSelfInstruct({ ...opts, seeds, existing: existingPromptTexts(store, seeds) });
  return storeSelfInstruct(store, generation);
}

/** Every stored prompt's text, oldest first: the default seeds. */
export function storedPromptTexts(store: Store): string[] {
  return store.prompts.texts();
}

/** The seeds a request names, else the stored prompts; a 400 no_seeds when there are none. */
export function requestSeeds(store: Store, request: ImportSelfInstructRequest): string[] {
  const seeds = request.seeds ?? storedPromptTexts(store);
  if (seeds.length === 0) {
    throw new HttpError(400, 'no_seeds', 'There are no prompts to start from: send seeds (a few example instructions) or import prompts first');
  }
  return seeds;
}

/** A request's generator: its endpoint, else the built-in policy (a 503 policy_unavailable when its checkpoint is missing). */
export function requestGenerator(request: ImportSelfInstructRequest, seed: number, opts: { checkpointDir?: string; signal?: AbortSignal; timeoutMs?: number } = {}): GeneratorSpec {
  return request.endpoint
    ? { kind: 'openai', ...request.endpoint, timeoutMs: opts.timeoutMs, signal: opts.signal }
    : { kind: 'builtin', checkpointDir: opts.checkpointDir, seed, signal: opts.signal };
}

/** The wire answer for a run. */
export function selfInstructResult(out: ImportSelfInstructOutcome, seed: number, generator: string): ImportSelfInstructResult {
  const rejected = Object.values(out.rejected).reduce((a, b) => a + b, 0);
  return {
    rows: out.kept,
    prompts: out.prompts,
    responses: 0,
    comparisons: 0,
    duplicates: out.duplicates,
    generated: out.generated,
    kept: out.kept,
    rejected,
    seed,
    generator,
    stats: { rounds: out.rounds, seeds: out.seeds, existingPrompts: out.existingPrompts, rejected: out.rejected },
    instructions: out.instructions,
  };
}

/**
 * The CLI's run (on its own thread, against the database file): seeds default to the stored prompts, the
 * generator to the built-in policy, the seed to a random one (reported back).
 */
export async function runSelfInstructImport(
  store: Store,
  request: ImportSelfInstructRequest,
  opts: { checkpointDir?: string; signal?: AbortSignal; onRound?: (progress: SelfInstructRound) => void; timeoutMs?: number } = {},
): Promise<ImportSelfInstructResult> {
  const seeds = requestSeeds(store, request);
  const seed = request.seed ?? randomInt(2 ** 31 - 1);
  const spec = requestGenerator(request, seed, opts);
  const out = await importSelfInstruct(store, {
    seeds,
    generator: makeGenerator(spec),
    target: request.target,
    seed,
    rougeThreshold: request.rougeThreshold,
    onRound: opts.onRound,
    signal: opts.signal,
  });
  return selfInstructResult(out, seed, generatorName(spec));
}

/**
 * Seed instructions from a file: JSONL (Self-Instruct/Alpaca seed_tasks.jsonl rows, or rows with a "prompt" or
 * "text") when the name ends in .jsonl or the first line is a JSON object, else one instruction per line.
 */
export function readSeedFile(path: string): string[] {
  const content = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = content.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const jsonl = extname(path).toLowerCase() === '.jsonl' || first.trim().startsWith('{');
  const seeds: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    if (!jsonl) {
      seeds.push(line.trim());
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const r = (row ?? {}) as Record<string, unknown>;
    const text = [r.instruction, r.prompt, r.text].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (text === undefined) throw new Error(`${path}:${i + 1}: a seed row needs "instruction" (Alpaca seed format), "prompt" or "text"`);
    seeds.push(text.trim());
  });
  if (seeds.length === 0) throw new Error(`${path}: no seed instructions`);
  return seeds;
}
