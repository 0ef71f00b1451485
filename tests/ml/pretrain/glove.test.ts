// Word vectors: the wink-embeddings file parser, and token embeddings from word vectors (which rows come from the
// table, how they are scaled and cut or padded).
import { describe, expect, it } from 'vitest';
import { embeddingsFromWordVectors, parseWinkVectors, type WordVectors } from '../../../server/ml/pretrain/glove';
import { subVocabTokenizer } from '../../../server/ml/reward/sub-vocab';

const table: Record<string, number[]> = { cat: [1, 2, 3], sat: [-4, 5, -6], the: [0.5, 0.5, 0.5] };
const vectors: WordVectors = { dimensions: 3, vector: (w) => (Object.hasOwn(table, w) ? table[w] : undefined), entries: () => Object.entries(table) };

describe('embeddingsFromWordVectors', () => {
  // PAD 0, EOS 1, UNK 2, then " the", " cat", "The", " sat", "." … by frequency
  const tok = subVocabTokenizer(['The cat sat. The cat sat. The dog sat.'], 12);
  const row = (w: Float32Array, id: number, C: number) => Array.from(w.slice(id * C, (id + 1) * C));

  it('takes the vector of the lower-cased, trimmed word a token decodes to, scaled; other tokens stay small and random', () => {
    const { weights, covered } = embeddingsFromWordVectors(tok, vectors, 3, { scale: 0.1 });
    const idOf = (text: string) => tok.encode(text)[0];
    for (const [text, word] of [[' cat', 'cat'], ['The', 'the'], [' sat', 'sat']] as const) {
      for (const [c, x] of row(weights, idOf(text), 3).entries()) expect(x).toBeCloseTo(0.1 * table[word][c], 6);
    }
    // " the", " cat", "The", " sat" have vectors; PAD, EOS, UNK, " dog" and "." do not
    expect(covered).toBe(4);
    const dog = row(weights, idOf(' dog'), 3);
    expect(dog.some((x) => x !== 0)).toBe(true);
    expect(dog.every((x) => Math.abs(x) < 0.2)).toBe(true);
  });

  it('zero-pads vectors to a wider model and cuts them for a narrower one', () => {
    const cat = tok.encode(' cat')[0];
    expect(row(embeddingsFromWordVectors(tok, vectors, 5, { scale: 1 }).weights, cat, 5)).toEqual([1, 2, 3, 0, 0]);
    expect(row(embeddingsFromWordVectors(tok, vectors, 2, { scale: 1 }).weights, cat, 2)).toEqual([1, 2]);
  });
});

describe('parseWinkVectors', () => {
  it('reads the package format: D values per word (not the norm and index after them), escaped and UTF-8 keys', () => {
    const file = {
      precision: 8,
      size: 4,
      dimensions: 2,
      words: ['the', '"', 'café', 'a\\b'],
      vectors: { the: [0.5, -1.25, 1.3, 0], '"': [1e-5, 2, 2, 1], café: [-3, 4, 5, 2], 'a\\b': [7, 8, 10.6, 3] },
      unkVector: [0, 0, 0, -1],
    };
    const table = parseWinkVectors(Buffer.from(JSON.stringify(file), 'utf8'));
    expect(table.dimensions).toBe(2);
    expect(Array.from(table.vector('the') ?? [])).toEqual([0.5, -1.25]);
    expect(Array.from(table.vector('"') ?? [])).toEqual([Math.fround(1e-5), 2]);
    expect(Array.from(table.vector('café') ?? [])).toEqual([-3, 4]);
    expect(Array.from(table.vector('a\\b') ?? [])).toEqual([7, 8]);
    expect(table.vector('zebra')).toBeUndefined();
    expect([...table.entries()].map(([w, v]) => [w, v.length])).toEqual([['the', 2], ['"', 2], ['café', 2], ['a\\b', 2]]);
    expect(() => parseWinkVectors(Buffer.from('{"size": 1}'))).toThrow(/not a wink-embeddings file/);
  });
});
