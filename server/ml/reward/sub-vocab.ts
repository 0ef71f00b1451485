// GPT-2 BPE restricted to a sub-vocabulary: the `size − 3` most frequent tokens of a corpus keep their BPE
// segmentation, remapped to dense ids; everything else becomes UNK. A small model then pays for V ≈ 4k
// embedding rows and logits instead of 50,257. Used by bench/rm.ts (not stored in checkpoints: the name is not
// one tokenizerByName knows).
import { decode as bpeDecode, encode as bpeEncode } from 'gpt-tokenizer/encoding/r50k_base';
import type { Tokenizer } from '../model/tokenizer';

const PAD = 0;
const EOS = 1;
const UNK = 2;
const NO_SPECIALS = { disallowedSpecial: new Set<string>() };

export function subVocabTokenizer(corpus: Iterable<string>, size: number): Tokenizer & { coverage: number } {
  const counts = new Map<number, number>();
  let total = 0;
  for (const text of corpus) {
    for (const id of bpeEncode(text, NO_SPECIALS)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      total++;
    }
  }
  const kept = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, size - 3);
  const toSub = new Map(kept.map(([bpe], i) => [bpe, i + 3]));
  const toBpe = kept.map(([bpe]) => bpe);
  const covered = kept.reduce((a, [, n]) => a + n, 0);
  return {
    name: `gpt2-sub${size}`,
    vocabSize: size,
    eosId: EOS,
    padId: PAD,
    coverage: total > 0 ? covered / total : 0, // share of the corpus' tokens that are not UNK
    encode: (text) => bpeEncode(text, NO_SPECIALS).map((id) => toSub.get(id) ?? UNK),
    decode: (ids) => bpeDecode(ids.filter((id) => id >= 3 && id - 3 < toBpe.length).map((id) => toBpe[id - 3])), // unused ids: ''
  };
}
