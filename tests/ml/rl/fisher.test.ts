import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { dot } from '../../../server/ml/rl/conjugate-gradient';
import {
  fisherVectorProduct,
  flatGradient,
  flatten,
  type KlChunk,
  meanKl,
  nextTokenLogProbs,
  unflatten,
  WeightSnapshot,
} from '../../../server/ml/rl/fisher';
import { type LogitsModel, packSequences, type Sequence } from '../../../server/ml/rl/logprobs';
import { createRng } from '../../../server/ml/random';

beforeAll(async () => {
  await initBackend();
});

const TEMPERATURE = 0.7;
// ‖F·v (finite differences, default probe) − F·v (explicit)‖ / ‖F·v (explicit)‖; measured 1.5e-4 to 2.8e-4 on the
// softmax-linear model and 7.7e-4 on the nano GPT's h.0.ln_1.weight, float32 rounding being most of it
const REL_TOL = 1e-3;
const REL_TOL_DEEP = 2e-3;

/** A softmax-linear model with a few dozen weights: logits_t = W[token_t] + b (W [V, V], b [V]). */
class TinyModel implements LogitsModel {
  readonly W: tf.Variable;
  readonly b: tf.Variable;
  constructor(
    readonly V: number,
    seed: number,
  ) {
    const rand = createRng(seed).next;
    const normal = (n: number) => Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
    this.W = tf.variable(tf.tensor2d(normal(V * V), [V, V]));
    this.b = tf.variable(tf.tensor1d(normal(V)));
  }
  forward(tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => tf.add(tf.matMul(tf.oneHot(tokens, this.V).toFloat(), tf.tile(tf.expandDims(this.W, 0), [tokens.shape[0], 1, 1])), this.b) as tf.Tensor3D); // [B, T, V]
  }
  vars(): tf.Variable[] {
    return [this.W, this.b];
  }
  dispose(): void {
    tf.dispose([this.W, this.b]);
  }
}

const ids = { padId: 0, eosId: 1 };
const randomVec = (n: number, seed: number) => {
  const rand = createRng(seed).next;
  return Float32Array.from({ length: n }, () => 2 * rand() - 1);
};
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => norm(Array.from(a, (x, i) => x - b[i])) / norm(b);

/** The batch and its log-probs at the current weights (θ_old); dispose with tf.dispose(chunk). */
function chunkOf(model: LogitsModel, seqs: Sequence[]): KlChunk {
  const batch = packSequences(seqs, ids, 'right');
  return { batch, oldLogp: nextTokenLogProbs(model, batch, TEMPERATURE) };
}

/** F = mean over response tokens of Σ_k p_k ∇log p_k ∇log p_kᵀ, from one gradient per token and class. */
function explicitFisher(model: LogitsModel, vars: tf.Variable[], chunk: KlChunk): number[][] {
  const n = vars.reduce((s, v) => s + v.size, 0);
  const F = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const mask = chunk.batch.responseMask.arraySync();
  const p = tf.tidy(() => tf.exp(chunk.oldLogp)).arraySync() as number[][][];
  const positions = mask.flatMap((row, b) => row.flatMap((m, t) => (m ? [[b, t]] : [])));
  for (const [b, t] of positions) {
    for (let k = 0; k < p[b][t].length; k++) {
      const { grad: g } = flatGradient(() => tf.squeeze(tf.slice(nextTokenLogProbs(model, chunk.batch, TEMPERATURE), [b, t, k], [1, 1, 1])) as tf.Scalar, vars);
      const w = p[b][t][k] / positions.length;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) F[i][j] += w * g[i] * g[j];
    }
  }
  return F;
}

const matVec = (F: number[][], v: Float32Array) => F.map((row) => row.reduce((s, x, j) => s + x * v[j], 0));
const snapshot = (vars: tf.Variable[]) => vars.map((v) => Float32Array.from(v.dataSync()));

describe('flatten / unflatten / WeightSnapshot', () => {
  const disposables: { dispose(): void }[] = [];
  afterEach(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  it('round-trip a flat vector in variable order; moveTo / restore put back θ_old bit for bit', () => {
    const model = new TinyModel(3, 1);
    disposables.push(model);
    const vars = model.vars();
    const flat = Float32Array.from({ length: 12 }, (_, i) => i);
    const parts = unflatten(flat, vars);
    expect(parts.map((t) => t.shape)).toEqual([[3, 3], [3]]);
    expect(flatten({ [vars[0].name]: parts[0], [vars[1].name]: parts[1] }, vars)).toEqual(flat);
    expect(Array.from(flatten({ [vars[1].name]: parts[1] }, vars).subarray(0, 9))).toEqual(new Array(9).fill(0)); // missing = 0
    tf.dispose(parts);
    expect(() => unflatten(new Float32Array(5), vars)).toThrow(/5 numbers for 12/);

    const before = snapshot(vars);
    const weights = new WeightSnapshot(vars);
    disposables.push(weights);
    weights.moveTo(flat, 0.1);
    expect(vars[1].dataSync()[2]).toBeCloseTo(before[1][2] + 1.1, 5);
    weights.restore();
    expect(snapshot(vars)).toEqual(before);
  });
});

describe('Fisher-vector product', () => {
  const disposables: { dispose(): void }[] = [];
  afterEach(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  it(`matches an explicitly built Fisher on a 30-weight softmax-linear model (relative error < ${REL_TOL})`, () => {
    const model = new TinyModel(5, 2);
    disposables.push(model);
    const vars = model.vars();
    const seqs: Sequence[] = [
      { prompt: [2, 3], response: [4, 2, 3], finished: true },
      { prompt: [4], response: [3, 3], finished: false },
    ];
    const chunk = chunkOf(model, seqs);
    disposables.push({ dispose: () => tf.dispose(chunk) });
    const F = explicitFisher(model, vars, chunk);
    const weights = new WeightSnapshot(vars);
    disposables.push(weights);
    const before = snapshot(vars);
    const fvp = (v: Float32Array, damping: number) => fisherVectorProduct(model, weights, [chunk], v, { damping, temperature: TEMPERATURE });

    expect(meanKl(model, [chunk], TEMPERATURE)).toBeCloseTo(0, 6); // at θ_old
    for (const seed of [10, 11, 12]) {
      const v = randomVec(weights.size, seed);
      const Fv = fvp(v, 0);
      expect(relErr(Fv, matVec(F, v))).toBeLessThan(REL_TOL);
      // damping adds damping·v, nothing else
      const damped = fvp(v, 0.1);
      for (let i = 0; i < v.length; i++) expect(damped[i] - Fv[i]).toBeCloseTo(0.1 * v[i], 6);
      // F is the KL's Hessian at θ_old: KL(θ_old + t·v) ≈ ½ t² vᵀFv for small t
      weights.moveTo(v, 1e-2);
      const kl = meanKl(model, [chunk], TEMPERATURE);
      weights.restore();
      expect(Math.abs((2 * kl) / 1e-4 - dot(v, Fv)) / dot(v, Fv)).toBeLessThan(0.05);
    }
    expect(snapshot(vars)).toEqual(before); // bit-identical after the products
  });

  it(`matches the explicit Fisher of a nano GPT restricted to one variable deep inside (h.0.ln_1.weight, 32 weights; relative error < ${REL_TOL_DEEP})`, () => {
    const gpt = new GPT(PRESETS.nano, { seed: 3 });
    disposables.push(gpt);
    const vars = [gpt.namedWeights().get('h.0.ln_1.weight')!];
    const chunk = chunkOf(gpt, [{ prompt: [40, 41, 42], response: [50, 51, 52], finished: true }]);
    disposables.push({ dispose: () => tf.dispose(chunk) });
    const F = explicitFisher(gpt, vars, chunk);
    const weights = new WeightSnapshot(vars);
    disposables.push(weights);
    const all = [...gpt.namedWeights().values()];
    const before = snapshot(all);
    const v = randomVec(weights.size, 20);
    const Fv = fisherVectorProduct(gpt, weights, [chunk], v, { damping: 0, temperature: TEMPERATURE });
    expect(relErr(Fv, matVec(F, v))).toBeLessThan(REL_TOL_DEEP);
    expect(snapshot(all)).toEqual(before);
  });

  it('on every weight of a nano GPT: symmetric, positive, and the weights are bit-identical afterwards', () => {
    const gpt = new GPT(PRESETS.nano, { seed: 4 });
    disposables.push(gpt);
    const vars = gpt.trainableVariables();
    const seqs: Sequence[] = [
      { prompt: [40, 41], response: [50, 51, 52, 53], finished: true },
      { prompt: [60, 61, 62], response: [70, 71], finished: false },
    ];
    const chunk = chunkOf(gpt, seqs);
    disposables.push({ dispose: () => tf.dispose(chunk) });
    const weights = new WeightSnapshot(vars);
    disposables.push(weights);
    const before = snapshot(vars);
    const fvp = (x: Float32Array) => fisherVectorProduct(gpt, weights, [chunk], x, { damping: 0, temperature: TEMPERATURE });
    const [u, v] = [randomVec(weights.size, 30), randomVec(weights.size, 31)];
    const [Fu, Fv] = [fvp(u), fvp(v)];
    expect(dot(v, Fv)).toBeGreaterThan(0);
    expect(Math.abs(dot(u, Fv) - dot(v, Fu)) / Math.sqrt(dot(u, Fu) * dot(v, Fv))).toBeLessThan(REL_TOL);
    expect(snapshot(vars)).toEqual(before);
  });
});
