import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { countParams, PRESETS } from '../../../server/ml/model/config';
import { gatherRows } from '../../../server/ml/model/embedding';
import { GPT, tokenLogProbs } from '../../../server/ml/model/gpt';
import { KVCache } from '../../../server/ml/model/kv-cache';
import { matmul } from '../../../server/ml/model/matmul';
import { gelu, geluOps } from '../../../server/ml/model/mlp';
import { ids, maxAbsDiff } from '../helpers/model';

const cfg = PRESETS.nano;
let model: GPT;

beforeAll(async () => {
  await initBackend();
  model = new GPT(cfg, { seed: 7 });
});
afterAll(() => model.dispose());

/** logits [T, V] of one unpadded sequence */
function rowLogits(tokens: number[]): number[][] {
  return tf.tidy(() => model.forward(ids([tokens])).squeeze([0]).arraySync() as number[][]);
}

describe('GPT forward', () => {
  it('has the GPT-2 shapes and parameter count', () => {
    const n = [...model.namedWeights().values()].reduce((s, v) => s + v.size, 0);
    expect(n).toBe(countParams(cfg));
    expect(countParams(PRESETS.gpt2)).toBe(124_439_808);
    expect(model.namedWeights().get('h.1.attn.c_attn.weight')!.shape).toEqual([cfg.nEmbd, 3 * cfg.nEmbd]);
    const logits = model.forward(ids([[1, 2, 3]]));
    expect(logits.shape).toEqual([1, 3, cfg.vocabSize]);
    logits.dispose();
  });

  it('is causal: changing a future token never changes earlier logits', () => {
    const a = [10, 20, 30, 40, 50, 60, 70, 80];
    const base = rowLogits(a);
    for (const k of [1, 4, 7]) {
      const b = [...a];
      b[k] = 99;
      const changed = rowLogits(b);
      for (let t = 0; t < k; t++) expect(maxAbsDiff(changed[t], base[t])).toBeLessThan(1e-6);
      expect(maxAbsDiff(changed[k], base[k])).toBeGreaterThan(1e-4);
    }
  });

  it('padding (left or right) with an attention mask leaves real-token logits unchanged', () => {
    const short = [11, 12, 13, 14];
    const long = [21, 22, 23, 24, 25, 26, 27];
    const ref = [rowLogits(short), rowLogits(long)];
    const pad = 0;
    const left = tf.tidy(() =>
      model
        .forward(ids([[pad, pad, pad, ...short], long]), {
          attentionMask: tf.tensor2d([[0, 0, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]]),
        })
        .arraySync(),
    );
    const right = tf.tidy(() =>
      model
        .forward(ids([[...short, pad, pad, pad], long]), {
          attentionMask: tf.tensor2d([[1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1]]),
        })
        .arraySync(),
    );
    for (let t = 0; t < short.length; t++) {
      expect(maxAbsDiff(left[0][3 + t], ref[0][t])).toBeLessThan(1e-5);
      expect(maxAbsDiff(right[0][t], ref[0][t])).toBeLessThan(1e-5);
    }
    for (let t = 0; t < long.length; t++) expect(maxAbsDiff(left[1][t], ref[1][t])).toBeLessThan(1e-5);
  });

  it('KV-cached decoding matches the full forward pass (batched, left-padded prompts)', () => {
    const rows = [
      [5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      [40, 41, 42, 43, 44, 45, 46, 47, 48, 49],
    ];
    const promptLens = [3, 5];
    const full = rows.map(rowLogits);
    const cache = new KVCache(cfg, 2);
    // prefill: prompts left-padded to 5
    const prefill = rows.map((r, b) => [...Array(5 - promptLens[b]).fill(0), ...r.slice(0, promptLens[b])]);
    const mask = promptLens.map((n) => [...Array(5 - n).fill(0), ...Array(n).fill(1)]);
    const first = tf.tidy(() => model.forwardWithCache(ids(prefill), cache, { attentionMask: tf.tensor2d(mask) }).arraySync());
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < promptLens[b]; t++) {
        expect(maxAbsDiff(first[b][5 - promptLens[b] + t], full[b][t])).toBeLessThan(1e-4);
      }
    }
    // then one token per step: row b feeds its next token rows[b][promptLens[b] + s]
    for (let s = 0; s < 5; s++) {
      const step = rows.map((r, b) => [r[promptLens[b] + s]]);
      const out = tf.tidy(() => model.forwardWithCache(ids(step), cache).arraySync());
      for (let b = 0; b < 2; b++) expect(maxAbsDiff(out[b][0], full[b][promptLens[b] + s])).toBeLessThan(1e-4);
    }
    expect(cache.length).toBe(10);
    cache.dispose();
  });

  it('tokenLogProbs is log-softmax(logits / T) at the next token', () => {
    const tokens = [[3, 9, 27, 81 % 100, 43]];
    const lp = tf.tidy(() => tokenLogProbs(model.forward(ids(tokens)), ids(tokens), 0.7).arraySync()[0]);
    const logits = rowLogits(tokens[0]);
    for (let t = 0; t < 4; t++) {
      const z = logits[t].map((v) => v / 0.7);
      const m = Math.max(...z);
      const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
      expect(lp[t]).toBeCloseTo(z[tokens[0][t + 1]] - lse, 4);
    }
  });

  it('does not leak tensors across a forward pass', () => {
    const x = ids([[1, 2, 3, 4]]);
    const mask = tf.tensor2d([[0, 1, 1, 1]]);
    model.forward(x, { attentionMask: mask }).dispose(); // burn-in
    const before = tf.memory().numTensors;
    model.forward(x, { attentionMask: mask }).dispose();
    model.forward(x).dispose();
    model.hidden(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask]);
  });
});

describe('gradients', () => {
  it('gatherRows has the scatter-add gradient of a lookup (duplicate ids summed)', () => {
    const table = tf.randomNormal([6, 3]) as tf.Tensor2D;
    const rowIds = tf.tensor2d([[1, 4, 1], [0, 1, 5]], undefined, 'int32');
    const dy = tf.randomNormal([2, 3, 3]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, rowIds), dy)))(table);
    const expected = tf.matMul(tf.oneHot(rowIds.reshape([-1]), 6), dy.reshape([-1, 3]), true, false); // [6, 3]
    expect(maxAbsDiff(g.dataSync(), expected.dataSync())).toBeLessThan(1e-5);
    tf.dispose([table, rowIds, dy, g, expected]);
  });

  it('gatherRows and matmul support double backprop (Hessian-vector products)', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const rowIds = tf.tensor1d([1, 1, 2], 'int32');
    // f = Σ table[ids]² ⇒ ∂f/∂table[r] = 2·count(r)·table[r] ⇒ ∂(Σ ∂f)/∂table[r] = 2·count(r)
    const f = (t: tf.Tensor) => tf.sum(tf.square(gatherRows(t as tf.Tensor2D, rowIds)));
    const hv = tf.grad((t: tf.Tensor) => tf.sum(tf.grad(f)(t)))(table);
    expect(Array.from(hv.dataSync())).toEqual([0, 0, 4, 4, 2, 2]);
    const b = tf.randomNormal([2, 3]);
    const g = (x: tf.Tensor) => tf.sum(tf.square(matmul(tf.tanh(x), b)));
    const ref = (x: tf.Tensor) => tf.sum(tf.square(tf.matMul(tf.tanh(x), b)));
    const hvOurs = tf.grad((x: tf.Tensor) => tf.sum(tf.grad(g)(x)))(table);
    const hvRef = tf.grad((x: tf.Tensor) => tf.sum(tf.grad(ref)(x)))(table);
    expect(maxAbsDiff(hvOurs.dataSync(), hvRef.dataSync())).toBeLessThan(1e-4);
    tf.dispose([table, rowIds, hv, b, hvOurs, hvRef]);
  });

  it('matmul (explicit transposes) has the value and gradients of tf.matMul', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[5, 3], [3, 4], false, false],
      [[3, 5], [3, 4], true, false],
      [[5, 3], [4, 3], false, true],
      [[2, 3, 5, 3], [2, 3, 4, 3], false, true],
      [[2, 3, 5, 4], [2, 3, 4, 6], false, false],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = tf.randomNormal(sa);
      const b = tf.randomNormal(sb);
      const w = tf.randomNormal(tf.matMul(a, b, ta, tb).shape);
      const loss = (mm: typeof matmul) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(mm(x, y, ta, tb), w));
      const ours = tf.grads(loss(matmul))([a, b]);
      const ref = tf.grads(loss((x, y, p, q) => tf.matMul(x, y, p, q)))([a, b]);
      expect(maxAbsDiff(matmul(a, b, ta, tb).dataSync(), tf.matMul(a, b, ta, tb).dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(ours[0].dataSync(), ref[0].dataSync())).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours[1].dataSync(), ref[1].dataSync())).toBeLessThan(1e-4);
      tf.dispose([a, b, w, ...ours, ...ref]);
    }
  });

  it('gelu (one custom-gradient step) has the value and gradient of the op-by-op GELU, and keeps fewer bytes for the backward pass', () => {
    const x = tf.mul(tf.randomNormal([4, 7, 48]), 3); // tails well past the tanh knee
    const w = tf.randomNormal(x.shape);
    const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(f(t), w));
    const [ours, ref] = [tf.grad(loss(gelu))(x), tf.grad(loss(geluOps))(x)];
    expect(maxAbsDiff(gelu(x).dataSync(), geluOps(x).dataSync())).toBeLessThan(1e-6);
    expect(maxAbsDiff(ours.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
    // tensors alive while the tape holds the forward pass: x's copy only, against nine intermediates
    const alive = (f: (t: tf.Tensor) => tf.Tensor) => {
      const before = tf.memory().numTensors;
      let during = 0;
      const g = tf.grad((t: tf.Tensor) => {
        const y = loss(f)(t);
        during = tf.memory().numTensors - before;
        return y;
      })(x);
      g.dispose();
      return during;
    };
    expect(alive(gelu)).toBeLessThan(alive(geluOps));
    tf.dispose([x, w, ours, ref]);
  });

  it('tf.variableGrads of an LM loss works on this backend: every weight gets a finite, non-zero gradient', () => {
    const tokens = ids([[1, 5, 9, 13, 17, 21], [2, 4, 6, 8, 10, 12]]);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1]]);
    const loss = () => tf.tidy(() => tf.neg(tf.mean(tokenLogProbs(model.forward(tokens, { attentionMask: mask }), tokens))) as tf.Scalar);
    const { value, grads } = tf.variableGrads(loss, model.trainableVariables());
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    const names = new Map([...model.namedWeights()].map(([n, v]) => [v.name, n]));
    expect(Object.keys(grads).length).toBe(model.namedWeights().size);
    for (const [varName, g] of Object.entries(grads)) {
      const data = g.dataSync();
      expect(data.every(Number.isFinite), names.get(varName)).toBe(true);
      expect(data.some((v) => v !== 0), names.get(varName)).toBe(true);
    }
    tf.dispose([value, tokens, mask, ...Object.values(grads)]);
  });
});
