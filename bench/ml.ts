// ML throughput on this machine, measured in one process (figures are printed, never asserted):
// backend matmul GFLOP/s, starter training tokens/s and achieved GFLOP/s as a fraction of matmul,
// KV-cache decode vs full recompute, batched generation tokens/s, batch-32 decode tokens/s vs the matmul-bound limit.
//   npm run bench:ml [-- --json out.json] [--quick]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../server/ml/backend';
import { countParams, type GPTConfig, PRESETS } from '../server/ml/model/config';
import { GPT } from '../server/ml/model/gpt';
import { generate } from '../server/ml/model/sampling';
import { charTokenizer } from '../server/ml/model/tokenizer';
import { sftConfig } from '../server/ml/sft/config';
import { SftTrainer } from '../server/ml/sft/trainer';
import { DataParallelTrainer } from '../server/ml/train/data-parallel';
import { matmulGflops as matmulGflopsOf, median, timeMs } from './support/matmul';

const args = process.argv.slice(2);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const quick = args.includes('--quick');
const REPS = quick ? 3 : 7;

const matmulGflops = (n: number) => matmulGflopsOf(n, REPS);

/** Training FLOPs per token (PaLM appendix B): 6·N for the weights + 12·nLayer·T·C for attention. */
function trainFlopsPerToken(cfg: GPTConfig, T: number): number {
  return 6 * countParams(cfg) + 12 * cfg.nLayer * T * cfg.nEmbd;
}

function trainingThroughput(cfg: GPTConfig, B: number, T: number) {
  const model = new GPT(cfg, { seed: 0 });
  const trainer = new SftTrainer(model, 0, sftConfig({ batchSize: B, maxLen: T }), 100);
  const rows = Array.from({ length: B }, (_, b) => ({ tokens: Array.from({ length: T }, (_, t) => 5 + ((b * 7 + t) % 90)) }));
  const ms = timeMs(() => trainer.trainStep(rows), quick ? 2 : 6);
  trainer.dispose();
  model.dispose();
  const tokensPerS = (B * T) / (ms / 1000);
  return { B, T, msPerStep: ms, tokensPerS, gflops: (tokensPerS * trainFlopsPerToken(cfg, T)) / 1e9 };
}

/**
 * Data-parallel training over `workers` worker threads (one core each) against one worker, and the machine's
 * ceiling: `workers` independent one-worker trainers, each on its share of the batch, stepping at once with no
 * gradient exchange (what they lose to each other, shared memory bandwidth and caches, no data-parallel scheme
 * can win back). The three step in turn, so that each median comes from the same stretch of this noisy machine.
 * Tokens/s of the whole batch.
 */
async function parallelThroughput(cfg: GPTConfig, B: number, T: number, workers: number) {
  const rows = Array.from({ length: B }, (_, b) => ({ tokens: Array.from({ length: T }, (_, t) => 5 + ((b * 7 + t) % 90)) }));
  const share = rows.slice(0, Math.floor(B / workers));
  const trainer = (n: number) => DataParallelTrainer.create({ workers: n, config: cfg, seed: 0, optimizer: { lr: 3e-4, totalSteps: 100 }, padId: 0, maxLen: T });
  const one = await trainer(1);
  const parallel = await trainer(workers);
  const alone = await Promise.all(Array.from({ length: workers }, () => trainer(1)));
  const setups = [
    { name: 'one', tokens: B * T, step: () => one.trainStep(rows) },
    { name: 'parallel', tokens: B * T, step: () => parallel.trainStep(rows) },
    { name: 'ceiling', tokens: share.length * workers * T, step: () => Promise.all(alone.map((dp) => dp.trainStep(share))) },
  ];
  const times = new Map<string, number[]>(setups.map((s) => [s.name, []]));
  for (const s of setups) await s.step(); // warm-up
  for (let i = 0; i < (quick ? 2 : 6); i++) {
    for (const s of setups) {
      const t0 = performance.now();
      await s.step();
      times.get(s.name)?.push(performance.now() - t0);
    }
  }
  await Promise.all([one, parallel, ...alone].map((dp) => dp.close()));
  const tokensPerS = (name: string) => {
    const s = setups.find((x) => x.name === name);
    return (s?.tokens ?? 0) / (median(times.get(name) ?? []) / 1000);
  };
  return { workers, oneWorker: tokensPerS('one'), parallel: tokensPerS('parallel'), ceiling: tokensPerS('ceiling') };
}

/**
 * FLOPs per generated token when decoding with a KV cache: 2 per weight used in a product (every weight but the
 * position table, which is only looked up) + attention 4·nLayer·Tk·C (q·kᵀ and att·v over Tk cached columns).
 */
function decodeFlopsPerToken(cfg: GPTConfig, Tk: number): number {
  return 2 * (countParams(cfg) - cfg.blockSize * cfg.nEmbd) + 4 * cfg.nLayer * Tk * cfg.nEmbd;
}

/** Decode-only tokens/s at batch B: (generate n tokens) − (generate 1 token: the prompt pass and one pick). */
function batchDecode(model: GPT, tok: ReturnType<typeof charTokenizer>, prompt: string, B: number, n: number, gflops: number) {
  const prompts = Array(B).fill(prompt);
  const opts = { temperature: 0.8, seed: 1, stopAtEos: false };
  const fullMs = timeMs(() => generate(model, tok, prompts, { ...opts, maxNewTokens: n }), quick ? 1 : 3);
  const prefillMs = timeMs(() => generate(model, tok, prompts, { ...opts, maxNewTokens: 1 }), quick ? 1 : 3);
  const tokensPerS = (B * (n - 1)) / ((fullMs - prefillMs) / 1000);
  const flopsPerToken = decodeFlopsPerToken(model.config, tok.encode(prompt).length + n / 2);
  const limitTokensPerS = (gflops * 1e9) / flopsPerToken;
  return { batch: B, newTokens: n, tokensPerS, flopsPerToken, limitTokensPerS, fractionOfLimit: tokensPerS / limitTokensPerS };
}

/** Greedy decoding of `n` tokens by re-running the whole sequence each step (no cache). */
function decodeRecompute(model: GPT, prompt: number[], n: number): void {
  let seq = prompt.slice();
  for (let i = 0; i < n; i++) {
    const next = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d([seq], [1, seq.length], 'int32') as tf.Tensor2D); // [1, T, V]
      const V = logits.shape[2];
      return tf.argMax(logits.slice([0, seq.length - 1, 0], [1, 1, V]).reshape([V])).dataSync()[0];
    });
    seq = [...seq, next];
  }
}

async function main() {
  const backend = await initBackend();
  const cfg = PRESETS.starter;
  const tok = charTokenizer();
  const prompt = 'User: Sort ascending: 27, 20, 79, 1\nAssistant:\n';
  const newTokens = 128;

  const mm512 = matmulGflops(512);
  const mm1024 = matmulGflops(1024);
  const train = trainingThroughput(cfg, 16, 128);
  const dp = await parallelThroughput(cfg, 16, 128, Math.min(2, os.cpus().length));

  const model = new GPT(cfg, { seed: 0 });
  const opts = { maxNewTokens: newTokens, temperature: 0, stopAtEos: false };
  const cachedMs = timeMs(() => generate(model, tok, [prompt], opts), quick ? 1 : 3);
  const recomputeMs = timeMs(() => decodeRecompute(model, tok.encode(prompt), newTokens), 1);
  const batched = [1, 8, 32].map((B) => {
    const ms = timeMs(() => generate(model, tok, Array(B).fill(prompt), { ...opts, maxNewTokens: 64, temperature: 0.8, seed: 1 }), 1);
    return { batch: B, tokensPerS: (B * 64) / (ms / 1000) };
  });
  const decode32 = batchDecode(model, tok, prompt, 32, 64, Math.max(mm512, mm1024));
  model.dispose();

  const result = {
    backend,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg1: os.loadavg()[0] },
    matmulGflops: { n512: mm512, n1024: mm1024 },
    training: {
      preset: 'starter',
      params: countParams(cfg),
      ...train,
      fractionOfMatmul: train.gflops / Math.max(mm512, mm1024),
      dataParallel: { ...dp, speedup: dp.parallel / dp.oneWorker, ceilingSpeedup: dp.ceiling / dp.oneWorker },
    },
    decode: {
      newTokens,
      kvCacheTokensPerS: newTokens / (cachedMs / 1000),
      recomputeTokensPerS: newTokens / (recomputeMs / 1000),
      speedup: recomputeMs / cachedMs,
    },
    batchedGeneration: batched,
    decodeBatch32: decode32,
  };

  const f = (x: number, d = 1) => x.toFixed(d);
  const rows: [string, string, string][] = [
    ['backend', result.backend, `${result.machine.cpus} CPUs, load ${f(result.machine.loadavg1, 2)}`],
    ['matmul 512x512', `${f(mm512)} GFLOP/s`, `median of ${REPS}`],
    ['matmul 1024x1024', `${f(mm1024)} GFLOP/s`, `median of ${REPS}`],
    ['train starter', `${f(train.tokensPerS, 0)} tok/s`, `${(result.training.params / 1e6).toFixed(2)}M params, B=${train.B} T=${train.T}, ${f(train.msPerStep, 0)} ms/step`],
    ['train achieved', `${f(train.gflops, 2)} GFLOP/s`, `${f(100 * result.training.fractionOfMatmul)} % of matmul (goal ≥ 30 %)`],
    ['train 1 worker', `${f(dp.oneWorker, 0)} tok/s`, 'data-parallel trainer, one worker thread'],
    [`train ${dp.workers} workers`, `${f(dp.parallel, 0)} tok/s`, `${f(dp.parallel / dp.oneWorker, 2)}x one worker (goal ≥ 1.8x), same batch`],
    [
      `ceiling ${dp.workers} alone`,
      `${f(dp.ceiling, 0)} tok/s`,
      `${f(dp.ceiling / dp.oneWorker, 2)}x: ${dp.workers} independent one-worker trainers on a share each, at once; data-parallel reaches ${f((100 * dp.parallel) / dp.ceiling)} % of it`,
    ],
    ['decode kv-cache', `${f(result.decode.kvCacheTokensPerS)} tok/s`, `batch 1, ${newTokens} new tokens`],
    ['decode recompute', `${f(result.decode.recomputeTokensPerS)} tok/s`, `speedup ${f(result.decode.speedup)}x (goal ≥ 5x)`],
    ...batched.map((b): [string, string, string] => [`generate batch ${b.batch}`, `${f(b.tokensPerS)} tok/s`, '64 new tokens, T=0.8']),
    [
      'decode batch 32',
      `${f(decode32.tokensPerS)} tok/s`,
      `${f(100 * decode32.fractionOfLimit)} % of the matmul-bound ${f(decode32.limitTokensPerS, 0)} tok/s (${f(decode32.flopsPerToken / 1e6, 2)} MFLOP/token; goal ≥ 30 %)`,
    ],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}

await main();
