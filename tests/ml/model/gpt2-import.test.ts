// loadHfGpt2 against an independent plain-JS GPT-2 forward pass on a tiny random checkpoint written here
// in Hugging Face layout ('transformer.' prefix, Conv1D weights [in, out], tied lm_head, attn.bias buffers).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { loadHfGpt2 } from '../../../server/ml/model/gpt2-import';
import { ids, maxAbsDiff } from '../helpers/model';

const hf = { vocab_size: 50, n_positions: 16, n_layer: 2, n_head: 2, n_embd: 8, layer_norm_epsilon: 1e-5 };
type W = Record<string, { shape: number[]; data: number[] }>;
let dir: string;

beforeAll(async () => {
  await initBackend();
  dir = mkdtempSync(path.join(os.tmpdir(), 'prefloop-hf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** deterministic values on a 1/1024 grid (exact in F16 and F32) */
function randomWeights(seed: number): W {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const grid = (std: number) => Math.round((rand() * 2 - 1) * std * 1.7 * 1024) / 1024;
  const C = hf.n_embd;
  const w: W = {};
  const add = (name: string, shape: number[], f: () => number) => {
    w[name] = { shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, f) };
  };
  add('wte.weight', [hf.vocab_size, C], () => grid(0.5));
  add('wpe.weight', [hf.n_positions, C], () => grid(0.3));
  for (let l = 0; l < hf.n_layer; l++) {
    const p = `h.${l}.`;
    add(`${p}ln_1.weight`, [C], () => 1 + grid(0.2));
    add(`${p}ln_1.bias`, [C], () => grid(0.2));
    add(`${p}attn.c_attn.weight`, [C, 3 * C], () => grid(0.4));
    add(`${p}attn.c_attn.bias`, [3 * C], () => grid(0.1));
    add(`${p}attn.c_proj.weight`, [C, C], () => grid(0.4));
    add(`${p}attn.c_proj.bias`, [C], () => grid(0.1));
    add(`${p}ln_2.weight`, [C], () => 1 + grid(0.2));
    add(`${p}ln_2.bias`, [C], () => grid(0.2));
    add(`${p}mlp.c_fc.weight`, [C, 4 * C], () => grid(0.4));
    add(`${p}mlp.c_fc.bias`, [4 * C], () => grid(0.1));
    add(`${p}mlp.c_proj.weight`, [4 * C, C], () => grid(0.3));
    add(`${p}mlp.c_proj.bias`, [C], () => grid(0.1));
  }
  add('ln_f.weight', [C], () => 1 + grid(0.2));
  add('ln_f.bias', [C], () => grid(0.2));
  return w;
}

function toHalf(x: number): number {
  if (x === 0) return 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  const mant = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | mant;
}

/** Plain safetensors writer, HF naming: 'transformer.' prefix, lm_head tied copy, causal-mask buffers. */
function writeHfFolder(folder: string, w: W, dtype: 'F32' | 'F16'): void {
  const tensors: [string, { shape: number[]; data: number[] }][] = Object.entries(w).map(([k, v]) => [`transformer.${k}`, v]);
  tensors.push(['lm_head.weight', w['wte.weight']]);
  for (let l = 0; l < hf.n_layer; l++) {
    const T = hf.n_positions;
    tensors.push([`transformer.h.${l}.attn.bias`, { shape: [1, 1, T, T], data: Array.from({ length: T * T }, (_, i) => (i % T <= Math.floor(i / T) ? 1 : 0)) }]);
  }
  const size = dtype === 'F32' ? 4 : 2;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size * t.data.length] };
    offset += size * t.data.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const data = Buffer.alloc(offset);
  let o = 0;
  for (const [, t] of tensors) {
    for (const v of t.data) {
      if (dtype === 'F32') data.writeFloatLE(v, o);
      else data.writeUInt16LE(toHalf(v), o);
      o += size;
    }
  }
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'model.safetensors'), Buffer.concat([len, json, data]));
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ model_type: 'gpt2', activation_function: 'gelu_new', ...hf }));
}

// ---- reference GPT-2 forward, plain arrays ----
type Mat = number[][];
const rows = (w: W, name: string): Mat => {
  const { shape, data } = w[name];
  return Array.from({ length: shape[0] }, (_, i) => data.slice(i * shape[1], (i + 1) * shape[1]));
};
const matvec = (x: number[], W: Mat, b: number[]) => b.map((bj, j) => x.reduce((s, xi, i) => s + xi * W[i][j], bj));
const layerNorm = (x: number[], g: number[], b: number[]) => {
  const mu = x.reduce((s, v) => s + v, 0) / x.length;
  const v = x.reduce((s, xi) => s + (xi - mu) ** 2, 0) / x.length;
  return x.map((xi, i) => ((xi - mu) / Math.sqrt(v + hf.layer_norm_epsilon)) * g[i] + b[i]);
};
const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

function referenceLogits(w: W, tokens: number[]): Mat {
  const C = hf.n_embd;
  const nh = hf.n_head;
  const hs = C / nh;
  const wte = rows(w, 'wte.weight');
  const wpe = rows(w, 'wpe.weight');
  let x = tokens.map((t, i) => wte[t].map((v, c) => v + wpe[i][c]));
  for (let l = 0; l < hf.n_layer; l++) {
    const p = `h.${l}.`;
    const vec = (n: string) => w[p + n].data;
    const a = x.map((xi) => layerNorm(xi, vec('ln_1.weight'), vec('ln_1.bias')));
    const qkv = a.map((ai) => matvec(ai, rows(w, `${p}attn.c_attn.weight`), vec('attn.c_attn.bias')));
    const y = x.map((_, t) => {
      const out: number[] = [];
      for (let h = 0; h < nh; h++) {
        const q = qkv[t].slice(h * hs, (h + 1) * hs);
        const scores = Array.from({ length: t + 1 }, (_, s) => q.reduce((acc, qi, i) => acc + qi * qkv[s][C + h * hs + i], 0) / Math.sqrt(hs));
        const m = Math.max(...scores);
        const e = scores.map((sc) => Math.exp(sc - m));
        const z = e.reduce((acc, v) => acc + v, 0);
        for (let i = 0; i < hs; i++) out.push(e.reduce((acc, ei, s) => acc + (ei / z) * qkv[s][2 * C + h * hs + i], 0));
      }
      return out;
    });
    x = x.map((xi, t) => matvec(y[t], rows(w, `${p}attn.c_proj.weight`), vec('attn.c_proj.bias')).map((v, c) => v + xi[c]));
    const m = x.map((xi) => layerNorm(xi, vec('ln_2.weight'), vec('ln_2.bias')));
    x = x.map((xi, t) => {
      const hidden = matvec(m[t], rows(w, `${p}mlp.c_fc.weight`), vec('mlp.c_fc.bias')).map(gelu);
      return matvec(hidden, rows(w, `${p}mlp.c_proj.weight`), vec('mlp.c_proj.bias')).map((v, c) => v + xi[c]);
    });
  }
  const hF = x.map((xi) => layerNorm(xi, w['ln_f.weight'].data, w['ln_f.bias'].data));
  return hF.map((hi) => wte.map((e) => e.reduce((s, ec, c) => s + ec * hi[c], 0)));
}

describe('loadHfGpt2', () => {
  const tokens = [[3, 17, 42, 8, 8, 29, 0, 49, 11]];

  for (const dtype of ['F32', 'F16'] as const) {
    it(`matches a plain-JS reference forward pass (${dtype} weights)`, async () => {
      const w = randomWeights(dtype === 'F32' ? 1 : 2);
      const folder = path.join(dir, dtype);
      writeHfFolder(folder, w, dtype);
      const { model, tokenizer } = await loadHfGpt2(folder);
      expect(tokenizer.eosId).toBe(50256);
      expect(model.config).toEqual({ vocabSize: 50, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 8, layerNormEps: 1e-5 });
      const got = tf.tidy(() => model.forward(ids(tokens)).squeeze([0]).arraySync() as number[][]);
      const ref = referenceLogits(w, tokens[0]);
      expect(maxAbsDiff(got.flat(), ref.flat())).toBeLessThan(1e-4);
      expect(Math.max(...ref.flat().map(Math.abs))).toBeGreaterThan(0.5); // the check is not vacuous
      model.dispose();
    });
  }

  it('fails clearly on a missing weight', async () => {
    const w = randomWeights(3);
    delete w['h.1.mlp.c_fc.bias'];
    const folder = path.join(dir, 'broken');
    writeHfFolder(folder, w, 'F32');
    await expect(loadHfGpt2(folder)).rejects.toThrow(/h\.1\.mlp\.c_fc\.bias/);
  });
});
