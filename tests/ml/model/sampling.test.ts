import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT, tokenLogProbs } from '../../../server/ml/model/gpt';
import { KVCache } from '../../../server/ml/model/kv-cache';
import { createRng } from '../../../server/ml/random';
import { filterLogits, generate, pickToken, type SampleOptions } from '../../../server/ml/model/sampling';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { constantLogitsModel, ids } from '../helpers/model';

const cfg = PRESETS.nano;
const tok = charTokenizer();
const prompts = [renderPrompt('hi'), renderPrompt('add 2 and 3'), 'x'];
let model: GPT;

beforeAll(async () => {
  await initBackend();
  model = new GPT(cfg, { seed: 11 });
});
afterAll(() => model.dispose());

const kept = (z: Float64Array) => [...z.keys()].filter((i) => z[i] !== -Infinity);

describe('filterLogits', () => {
  it('top-k keeps the k largest', () => {
    expect(kept(filterLogits([1, 5, 3, 4, 2], 2))).toEqual([1, 3]);
    expect(kept(filterLogits([1, 5, 3, 4, 2], 1))).toEqual([1]);
    expect(kept(filterLogits([1, 5, 3, 4, 2], 0))).toEqual([0, 1, 2, 3, 4]);
    expect(kept(filterLogits([1, 5, 3, 4, 2], 10))).toEqual([0, 1, 2, 3, 4]);
  });

  it('top-p keeps the smallest most-likely set reaching p (ties at the cut kept)', () => {
    const logits = [0.5, 0.3, 0.1, 0.1].map(Math.log);
    expect(kept(filterLogits(logits, undefined, 0.4))).toEqual([0]);
    expect(kept(filterLogits(logits, undefined, 0.75))).toEqual([0, 1]);
    expect(kept(filterLogits(logits, undefined, 0.85))).toEqual([0, 1, 2, 3]);
    expect(kept(filterLogits(logits, undefined, 1))).toEqual([0, 1, 2, 3]);
  });

  it('top-k then top-p renormalises over the top-k set', () => {
    // top-2 = {0: 0.5, 1: 0.3} → renormalised 0.625, 0.375; p = 0.6 keeps only token 0
    const logits = [0.5, 0.3, 0.1, 0.1].map(Math.log);
    expect(kept(filterLogits(logits, 2, 0.6))).toEqual([0]);
  });

  it('keeps the logits of allowed tokens unchanged', () => {
    const z = filterLogits([1, 5, 3, 4, 2], 3);
    expect([...z]).toEqual([-Infinity, 5, 3, 4, -Infinity]);
  });
});

/** greedy continuation by repeated full forward passes (no cache) */
function greedyReference(prompt: number[], n: number): number[] {
  const seq = [...prompt];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const next = tf.tidy(() => {
      const logits = model.forward(ids([seq])); // [1, T, V]
      return logits.slice([0, seq.length - 1, 0], [1, 1, cfg.vocabSize]).argMax(-1).dataSync()[0];
    });
    seq.push(next);
    out.push(next);
  }
  return out;
}

describe('generate', () => {
  it('top-k = 1 equals greedy argmax, batched with left padding', () => {
    const greedy = generate(model, tok, prompts, { maxNewTokens: 6, topK: 1, stopAtEos: false, seed: 1 });
    const t0 = generate(model, tok, prompts, { maxNewTokens: 6, temperature: 0, stopAtEos: false });
    prompts.forEach((p, b) => {
      expect(greedy[b].tokens).toEqual(greedyReference(greedy[b].promptTokens, 6));
      expect(t0[b].tokens).toEqual(greedy[b].tokens);
      expect(greedy[b].promptTokens).toEqual(tok.encode(p).slice(-(cfg.blockSize - 6)));
    });
  });

  it('returned logprobs are log-softmax(logits / T) of the model at the chosen tokens', () => {
    const T = 0.7;
    const samples = generate(model, tok, prompts, { maxNewTokens: 8, temperature: T, topK: 20, seed: 5, stopAtEos: false });
    for (const s of samples) {
      const seq = [...s.promptTokens, ...s.tokens];
      const lp = tf.tidy(() => tokenLogProbs(model.forward(ids([seq])), ids([seq]), T).dataSync());
      const expected = Array.from(lp.slice(s.promptTokens.length - 1));
      expect(s.logprobs.length).toBe(8);
      for (const [i, v] of s.logprobs.entries()) expect(v).toBeCloseTo(expected[i], 4);
      expect(s.text).toBe(tok.decode(s.tokens));
    }
  });

  it('same seed ⇒ identical samples, different seed ⇒ different samples', () => {
    const opts = { maxNewTokens: 10, temperature: 1, stopAtEos: false };
    const a = generate(model, tok, prompts, { ...opts, seed: 42 });
    const b = generate(model, tok, prompts, { ...opts, seed: 42 });
    const c = generate(model, tok, prompts, { ...opts, seed: 43 });
    expect(b).toEqual(a);
    expect(c.map((s) => s.tokens)).not.toEqual(a.map((s) => s.tokens));
  });

  it('top-k / top-p never produce tokens outside the allowed set', () => {
    const logits = Array.from({ length: cfg.vocabSize }, (_, v) => Math.sin(v * 1.7) * 3);
    const fixed = constantLogitsModel(cfg, logits);
    const allowedK = new Set(kept(filterLogits(logits, 5)));
    const allowedP = new Set(kept(filterLogits(logits, undefined, 0.5)));
    const byK = generate(fixed, tok, prompts, { maxNewTokens: 20, topK: 5, seed: 1, stopAtEos: false });
    const byP = generate(fixed, tok, prompts, { maxNewTokens: 20, topP: 0.5, seed: 1, stopAtEos: false });
    expect(allowedK.size).toBe(5);
    for (const s of byK) for (const t of s.tokens) expect(allowedK.has(t)).toBe(true);
    for (const s of byP) for (const t of s.tokens) expect(allowedP.has(t)).toBe(true);
    fixed.dispose();
  });

  it('EOS stops a row (EOS not returned) while other rows continue', () => {
    // p(EOS) = 0.2 at every step, the rest uniform
    const logits = Array.from({ length: cfg.vocabSize }, () => 0);
    logits[tok.eosId] = Math.log(0.25 * (cfg.vocabSize - 1));
    const fixed = constantLogitsModel(cfg, logits);
    const batch = Array.from({ length: 8 }, (_, i) => `prompt ${i}`);
    const samples = generate(fixed, tok, batch, { maxNewTokens: 6, seed: 3 });
    for (const s of samples) {
      expect(s.tokens).not.toContain(tok.eosId);
      expect(s.logprobs.length).toBe(s.tokens.length);
      if (!s.finished) expect(s.tokens.length).toBe(6);
      else expect(s.tokens.length).toBeLessThan(6);
    }
    expect(samples.some((s) => s.finished)).toBe(true);
    expect(samples.some((s) => !s.finished)).toBe(true);
    const noStop = generate(fixed, tok, batch, { maxNewTokens: 6, seed: 3, stopAtEos: false });
    expect(noStop.every((s) => s.tokens.length === 6 && !s.finished)).toBe(true);
    expect(noStop.some((s) => s.tokens.includes(tok.eosId))).toBe(true);
    fixed.dispose();
  });

  it('left-truncates prompts so prompt + maxNewTokens fits blockSize', () => {
    const long = 'y'.repeat(100);
    const [s] = generate(model, tok, [long], { maxNewTokens: 10, seed: 1, stopAtEos: false });
    expect(s.promptTokens.length).toBe(cfg.blockSize - 10);
    expect(s.tokens.length).toBe(10);
  });

  it('does not leak tensors across a generate call', () => {
    generate(model, tok, prompts, { maxNewTokens: 4, seed: 1 }); // burn-in
    const before = tf.memory().numTensors;
    generate(model, tok, prompts, { maxNewTokens: 5, seed: 2, topP: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('generate: batch compaction and the decode path', () => {
  // long enough for the cache's recent columns to settle several times (every 16) and for rows to hit EOS
  const long = { ...PRESETS.nano, blockSize: 96 };
  let lm: GPT;
  const batch = ['a', 'hello there', renderPrompt('sort 3, 1, 2'), 'xyz', renderPrompt('hi'), 'q', 'the cat', 'zz'];
  beforeAll(() => {
    lm = new GPT(long, { seed: 4 });
  });
  afterAll(() => lm.dispose());

  /** Sampling one row at a time by full forward passes (no cache, no batch), drawing in generate's order. */
  function reference(prompts: string[], opts: SampleOptions & { seed: number }) {
    const rng = createRng(opts.seed);
    const rows = prompts.map((p) => ({ seq: tok.encode(p), tokens: [] as number[], logprobs: [] as number[], finished: false }));
    for (let step = 0; step < opts.maxNewTokens; step++) {
      for (const row of rows.filter((r) => !r.finished)) {
        const logits = tf.tidy(() => {
          const out = lm.forward(ids([row.seq])); // [1, T, V]
          return out.slice([0, row.seq.length - 1, 0], [1, 1, long.vocabSize]).dataSync() as Float32Array;
        });
        const { token, logprob } = pickToken(logits, opts, rng);
        if (token === tok.eosId) row.finished = true;
        else {
          row.seq.push(token);
          row.tokens.push(token);
          row.logprobs.push(logprob);
        }
      }
    }
    return rows;
  }

  it('samples what one-row full-forward decoding samples with the same seed, while rows finish at different times', () => {
    const opts = { maxNewTokens: 40, temperature: 1.5, seed: 8 };
    const got = generate(lm, tok, batch, opts);
    const want = reference(batch, opts);
    expect(got.filter((s) => s.finished).length).toBeGreaterThanOrEqual(2); // compaction happened …
    expect(got.filter((s) => !s.finished).length).toBeGreaterThanOrEqual(2); // … and rows went on past it
    got.forEach((s, b) => {
      expect(s.tokens).toEqual(want[b].tokens);
      expect(s.finished).toBe(want[b].finished);
      for (const [i, lp] of s.logprobs.entries()) expect(lp).toBeCloseTo(want[b].logprobs[i], 4);
    });
  });

  it('greedy decoding equals one-row full-forward argmax decoding', () => {
    const opts = { maxNewTokens: 24, temperature: 0, seed: 1 };
    const got = generate(lm, tok, batch, opts);
    const want = reference(batch, opts);
    for (const [b, s] of got.entries()) expect(s.tokens).toEqual(want[b].tokens);
  });

  it('drops finished rows from the batch: each decode step runs only the unfinished rows', () => {
    const batchSizes: number[] = [];
    const forward = lm.forwardWithCache.bind(lm);
    lm.forwardWithCache = (tokens: tf.Tensor2D, cache: KVCache, o?: Parameters<GPT['forwardWithCache']>[2]) => {
      batchSizes.push(tokens.shape[0]);
      return forward(tokens, cache, o);
    };
    try {
      const samples = generate(lm, tok, batch, { maxNewTokens: 40, temperature: 1.5, seed: 8 });
      const finishedBy = (step: number) => samples.filter((s) => s.finished && s.tokens.length < step).length;
      expect(batchSizes[0]).toBe(batch.length); // the prompts
      // decode step i feeds the token sampled at step i−1 of every row still going
      for (let i = 1; i < batchSizes.length; i++) expect(batchSizes[i]).toBe(batch.length - finishedBy(i));
      expect(Math.min(...batchSizes)).toBeLessThan(batch.length);
    } finally {
      lm.forwardWithCache = forward;
    }
  });

  it('temperature sampling without top-k/top-p draws from softmax(logits / T) with no filtering (top-k 0, top-p 1 are off)', () => {
    const opts = { maxNewTokens: 20, temperature: 0.9, seed: 3, stopAtEos: false };
    const plain = generate(lm, tok, batch, opts);
    expect(generate(lm, tok, batch, { ...opts, topK: 0, topP: 1 })).toEqual(plain);
    expect(generate(lm, tok, batch, { ...opts, topK: long.vocabSize })).toEqual(plain);
    expect(generate(lm, tok, batch, { ...opts, topK: 3 }).map((s) => s.tokens)).not.toEqual(plain.map((s) => s.tokens));
  });

  it('keeps the tensor count stable across a generation whose rows finish early', () => {
    const opts = { maxNewTokens: 40, temperature: 1.5, seed: 8 };
    generate(lm, tok, batch, opts); // burn-in
    const before = tf.memory().numTensors;
    const samples = generate(lm, tok, batch, { ...opts, seed: 9 });
    expect(samples.some((s) => s.finished)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the cache keeps selected rows and their decoding continues unchanged (KVCache.keepRows)', () => {
    const rows = [tok.encode('abcdefgh'), tok.encode('12345678'), tok.encode('hgfedcba')];
    const cache = new KVCache(long, 3);
    tf.tidy(() => {
      lm.forwardWithCache(ids(rows.map((r) => r.slice(0, 4))), cache);
      for (let t = 4; t < 6; t++) lm.forwardWithCache(ids(rows.map((r) => [r[t]])), cache);
    });
    cache.keepRows([2, 0]);
    expect(cache.batch).toBe(2);
    const step = tf.tidy(() => lm.forwardWithCache(ids([[rows[2][6]], [rows[0][6]]]), cache).arraySync());
    for (const [i, b] of [2, 0].entries()) {
      const full = tf.tidy(() => lm.forward(ids([rows[b].slice(0, 7)])).arraySync()[0][6]);
      for (let v = 0; v < long.vocabSize; v++) expect(step[i][0][v]).toBeCloseTo(full[v], 4);
    }
    cache.dispose();
  });
});

