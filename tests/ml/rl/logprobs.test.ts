import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { microBatches, packSequences, rowLength, responseLogProbs, type Sequence, sequenceLogProbs } from '../../../server/ml/rl/logprobs';
import { constantLogitsModel, maxAbsDiff } from '../helpers/model';

const tok = charTokenizer();
const ids = { padId: tok.padId, eosId: tok.eosId };
let model: GPT | undefined;

beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  model?.dispose();
  model = undefined;
});

describe('packSequences', () => {
  it('masks the response targets (EOS included when finished), not the prompt or the padding', () => {
    const seqs: Sequence[] = [
      { prompt: [10, 11, 12], response: [20, 21], finished: true },
      { prompt: [10], response: [30], finished: false },
    ];
    const right = packSequences(seqs, ids, 'right');
    expect(right.tokens.arraySync()).toEqual([
      [10, 11, 12, 20, 21, tok.eosId],
      [10, 30, 0, 0, 0, 0],
    ]);
    expect(right.attentionMask.arraySync()).toEqual([
      [1, 1, 1, 1, 1, 1],
      [1, 1, 0, 0, 0, 0],
    ]);
    expect(right.responseMask.arraySync()).toEqual([
      [0, 0, 1, 1, 1],
      [1, 0, 0, 0, 0],
    ]);
    const left = packSequences(seqs, ids, 'left');
    expect(left.tokens.arraySync()[1]).toEqual([0, 0, 0, 0, 10, 30]);
    expect(left.responseMask.arraySync()[1]).toEqual([0, 0, 0, 0, 1]);
    tf.dispose([right, left]);
  });
});

describe('microBatches', () => {
  // row lengths 4, 6, 3, 10, 2 (prompt + response + EOS when finished)
  const seqs: Sequence[] = [
    { prompt: [1, 2], response: [3], finished: true },
    { prompt: [1, 2, 3], response: [4, 5, 6], finished: false },
    { prompt: [1], response: [2], finished: true },
    { prompt: [1, 2, 3, 4], response: [5, 6, 7, 8, 9], finished: true },
    { prompt: [1], response: [], finished: true },
  ];

  it('covers every row once, in order, within the row limit', () => {
    expect(seqs.map(rowLength)).toEqual([4, 6, 3, 10, 2]);
    expect(microBatches(seqs, 2, 10_000)).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(microBatches(seqs, 64, 10_000)).toEqual([[0, 5]]);
  });

  it('keeps rows × the longest row within the token budget; a row over budget gets a range of its own', () => {
    // [4, 6] → 2 × 6 = 12 ≤ 12; + 3 → 18 > 12; [3] then + 10 → 20 > 12; [10] alone (over budget); [2]
    expect(microBatches(seqs, 64, 12)).toEqual([[0, 2], [2, 3], [3, 4], [4, 5]]);
    for (const [a, b] of microBatches(seqs, 64, 12)) {
      const longest = Math.max(...seqs.slice(a, b).map(rowLength));
      if (b - a > 1) expect((b - a) * longest).toBeLessThanOrEqual(12);
    }
  });
});

describe('sequenceLogProbs', () => {
  it('equals a hand computation on a model with fixed logits, at temperature T', () => {
    const V = PRESETS.nano.vocabSize;
    const logits = Array.from({ length: V }, (_, v) => (v % 7) * 0.5 - 1);
    model = constantLogitsModel(PRESETS.nano, logits);
    const seq: Sequence = { prompt: [5, 6], response: [7, 8], finished: true };
    const batch = packSequences([seq], ids);
    for (const T of [1, 0.7]) {
      const logZ = Math.log(logits.reduce((a, z) => a + Math.exp(z / T), 0));
      const lp = (v: number) => logits[v] / T - logZ;
      const entropy = -logits.reduce((a, z) => a + Math.exp(z / T - logZ) * (z / T - logZ), 0);
      const out = sequenceLogProbs(model, batch, T);
      // targets: 6 (prompt, masked), 7, 8, EOS
      const got = out.logprobs.dataSync();
      expect(maxAbsDiff(got, [0, lp(7), lp(8), lp(tok.eosId)])).toBeLessThan(1e-4);
      expect(maxAbsDiff(out.entropy.dataSync(), [0, entropy, entropy, entropy])).toBeLessThan(1e-4);
      tf.dispose(out);
    }
    tf.dispose(batch);
  });

  it('matches a per-position softmax of the full forward, and includes the EOS', () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    const seq: Sequence = { prompt: tok.encode('ab'), response: tok.encode('cd'), finished: true };
    const batch = packSequences([seq], ids);
    const full = tf.tidy(() => tf.logSoftmax(model!.forward(batch.tokens)).arraySync()[0] as number[][]); // [T, V]
    const targets = [...seq.response, tok.eosId];
    const expected = targets.map((id, j) => full[seq.prompt.length - 1 + j][id]);
    const out = responseLogProbs(model, [seq], ids);
    expect(out.logprobs[0]).toHaveLength(3); // c, d, EOS
    expect(maxAbsDiff(out.logprobs[0], expected)).toBeLessThan(1e-5);
    const unfinished = responseLogProbs(model, [{ ...seq, finished: false }], ids);
    expect(maxAbsDiff(unfinished.logprobs[0], expected.slice(0, 2))).toBeLessThan(1e-5);
    tf.dispose(batch);
  });

  it('padding (left or right) does not change the real rows', () => {
    model = new GPT(PRESETS.nano, { seed: 4 });
    const seqs: Sequence[] = [
      { prompt: tok.encode('What is 2+3?'), response: tok.encode('5'), finished: true },
      { prompt: tok.encode('Hi'), response: tok.encode('hello there'), finished: false },
      { prompt: tok.encode('Reverse abc'), response: tok.encode('cba'), finished: true },
    ];
    const alone = seqs.map((s) => responseLogProbs(model!, [s], ids).logprobs[0]);
    const batched = responseLogProbs(model, seqs, ids).logprobs;
    for (const [i, lp] of alone.entries()) expect(maxAbsDiff(batched[i], lp)).toBeLessThan(1e-5);

    const sumPerRow = (padding: 'left' | 'right') => {
      const batch = packSequences(seqs, ids, padding);
      const out = sequenceLogProbs(model!, batch);
      const rows = tf.sum(out.logprobs, 1).arraySync() as number[];
      tf.dispose([batch, out]);
      return rows;
    };
    const want = alone.map((lp) => lp.reduce((a, b) => a + b, 0));
    expect(maxAbsDiff(sumPerRow('right'), want)).toBeLessThan(1e-4);
    expect(maxAbsDiff(sumPerRow('left'), want)).toBeLessThan(1e-4);
  });
});
