// The word prior: a linear reward on what a response's words mean, from pretrained word vectors, fitted before the
// trunk is fine-tuned and added to its reward as a fixed offset (the trunk then learns what the prior misses).
//
//   φ(y) = [ mean of the GloVe vectors v_w of y's known words , log(1 + #characters of y) ]      (D + 1 values)
//   prior(y) = u · φ(y),   u = argmin_u  mean_i log(1 + exp(−u · (φ(y_w,i) − φ(y_l,i))))  +  ½ Σ_j λ_j u_j²
//
// λ is λ_vec on the vector weights and a small fixed λ_len on the length weight (how much answer length matters
// varies a lot between data sets: on HH harmless the shorter answer wins 55.6 % of the dev file and 63.7 % of its
// last 256 pairs). λ_vec is chosen by 5-fold cross-validation on the training pairs (split by prompt, held-out
// rank loss) from a grid, as scikit-learn's LogisticRegressionCV does, unless the config fixes it.
//
// Why: with a few hundred to a few thousand human preferences, a small trunk trained from scratch knows too little
// English to generalise; averaged word knowledge from 6B tokens does (bench:rm, README). The objective is the rank
// loss without margins, restricted to a linear model, so it is convex: Newton's method solves it exactly in a few
// iterations, independent of batch order and seeds. The prompt is not a feature: its term would cancel in r_w − r_l.
//
// Being linear, prior(y) = mean over y's known words of s_w + u_len · log(1 + #chars), with s_w = u_vec · v_w: once
// fitted, the prior is a table of one float32 per word (~1.4 MB for GloVe's 341k words), so scoring needs neither
// the 300 MB vector table nor its load time; checkpoints store that table (saveWordPrior / loadWordPrior).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WordVectors } from '../pretrain/glove';
import type { PreferencePair } from './dataset';
import { dot, fitLogistic } from './logistic';

export const WORD_PRIOR_SOURCE = 'glove-6b-100d';
export const WORD_PRIOR_FILE = 'word-prior.json';

export interface WordPrior {
  readonly weights: Float64Array; // u: [D mean-vector weights, 1 log-length weight]
  readonly l2: number; // λ_vec it was fitted with
  readonly wordScores: ReadonlyMap<string, number>; // s_w = u_vec · v_w (float32) for every word the table has
}

/** Lower-case words, numbers (with an apostrophe suffix: "don't") and single punctuation marks, as GloVe splits text. */
export const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]/g) ?? [];

/** φ(y): the mean vector of the words the table knows (zeros if none) and log(1 + character count). */
export function wordFeatures(text: string, vectors: WordVectors): Float64Array {
  const D = vectors.dimensions;
  const phi = new Float64Array(D + 1);
  const ws = words(text);
  let known = 0;
  for (const w of ws) {
    const v = vectors.vector(w);
    if (!v) continue;
    known++;
    for (let d = 0; d < D; d++) phi[d] += v[d];
  }
  if (known > 0) for (let d = 0; d < D; d++) phi[d] /= known;
  phi[D] = Math.log1p(text.length);
  return phi;
}

/** prior(y) from the word table: the mean of the known words' scores plus the length term. */
export function priorScore(prior: WordPrior, text: string): number {
  const ws = words(text);
  let sum = 0;
  let known = 0;
  for (const w of ws) {
    const s = prior.wordScores.get(w);
    if (s === undefined) continue;
    sum += s;
    known++;
  }
  return (known > 0 ? sum / known : 0) + prior.weights[prior.weights.length - 1] * Math.log1p(text.length);
}

export const L2_GRID = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const LENGTH_L2 = 1e-4;
const CV_FOLDS = 5;

/** Penalties for [D vector weights, 1 length weight]. */
const penalties = (dims: number, l2: number) => {
  const pen = new Float64Array(dims + 1).fill(l2);
  pen[dims] = LENGTH_L2;
  return pen;
};

/** A prompt's cross-validation fold: a multiplicative hash, so that it does not follow an outer `promptId % K` split. */
const foldOf = (promptId: number) => (Math.imul(promptId, 2654435761) >>> 0) % CV_FOLDS;

/**
 * λ_vec from the grid with the lowest held-out rank loss over 5 folds split by prompt (the first on ties; the
 * grid's smallest when some fold would be empty or hold everything).
 */
export function chooseL2(diffs: readonly Float64Array[], promptIds: readonly number[], grid: readonly number[] = L2_GRID): number {
  const dims = diffs[0].length - 1;
  const folds = promptIds.map(foldOf);
  const foldSizes = Array.from({ length: CV_FOLDS }, (_, k) => folds.filter((f) => f === k).length);
  if (foldSizes.some((n) => n === 0 || n === diffs.length)) return grid[0];
  let best = grid[0];
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const l2 of grid) {
    let loss = 0;
    for (let k = 0; k < CV_FOLDS; k++) {
      const u = fitLogistic(diffs.filter((_, i) => folds[i] !== k), { l2: penalties(dims, l2) });
      for (const [i, d] of diffs.entries()) if (folds[i] === k) loss += Math.log1p(Math.exp(-dot(u, d)));
    }
    if (loss < bestLoss) [best, bestLoss] = [l2, loss];
  }
  return best;
}

/**
 * Fits the prior on preference pairs (their margins are not used; λ_vec = `l2`, or chosen by chooseL2) and
 * tabulates its word scores.
 */
export function fitWordPrior(pairs: readonly PreferencePair[], vectors: WordVectors, opts: { l2?: number } = {}): WordPrior {
  const diffs = pairs.map((p) => {
    const w = wordFeatures(p.chosen, vectors);
    const l = wordFeatures(p.rejected, vectors);
    return w.map((x, i) => x - l[i]);
  });
  if (diffs.length === 0) throw new Error('no pairs to fit the word prior on');
  const l2 = opts.l2 ?? chooseL2(diffs, pairs.map((p) => p.promptId));
  const weights = fitLogistic(diffs, { l2: penalties(vectors.dimensions, l2) });
  const wordScores = new Map<string, number>();
  for (const [word, v] of vectors.entries()) wordScores.set(word, Math.fround(dot(weights.subarray(0, vectors.dimensions), v)));
  return { weights, l2, wordScores };
}

interface WordPriorFile {
  format: 1;
  source: typeof WORD_PRIOR_SOURCE;
  weights: number[];
  l2: number;
  words: string; // newline-separated
  scores: string; // base64 of little-endian float32, one per word
}

/** Writes the prior into a checkpoint folder (the caller renames the folder into place). */
export async function saveWordPrior(dir: string, prior: WordPrior): Promise<void> {
  const words = [...prior.wordScores.keys()];
  if (words.some((w) => w.includes('\n'))) throw new Error('a word with a newline cannot be stored');
  const scores = Float32Array.from(words, (w) => prior.wordScores.get(w) as number);
  const file: WordPriorFile = {
    format: 1,
    source: WORD_PRIOR_SOURCE,
    weights: Array.from(prior.weights),
    l2: prior.l2,
    words: words.join('\n'),
    scores: Buffer.from(scores.buffer, scores.byteOffset, scores.byteLength).toString('base64'),
  };
  await fs.writeFile(path.join(dir, WORD_PRIOR_FILE), JSON.stringify(file));
}

/** Reads a prior saveWordPrior wrote. */
export async function loadWordPrior(dir: string): Promise<WordPrior> {
  const file = JSON.parse(await fs.readFile(path.join(dir, WORD_PRIOR_FILE), 'utf8')) as WordPriorFile;
  if (file.format !== 1 || file.source !== WORD_PRIOR_SOURCE) throw new Error(`${dir}: unknown word prior (${file.source})`);
  const words = file.words === '' ? [] : file.words.split('\n');
  const bytes = Buffer.from(file.scores, 'base64');
  const scores = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (scores.length !== words.length) throw new Error(`${dir}: ${words.length} words but ${scores.length} scores in ${WORD_PRIOR_FILE}`);
  return { weights: Float64Array.from(file.weights), l2: file.l2, wordScores: new Map(words.map((w, i) => [w, scores[i]])) };
}
