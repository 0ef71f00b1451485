// The loop's ceiling: what would a PERFECT reward model teach the starter? Figures are printed, never asserted.
//   npm run bench:oracle [-- --checkpoint models/starter] [--rounds 3] [--prompts 512] [--n 4] [--lr 1e-4] [--epochs 2]
//                        [--per-family 20] [--seed 0]
// Expert iteration with the task-world verifier as the reward model (no labels, no noise): each round samples n
// answers at T = 1 to --prompts fresh train-split prompts, keeps each prompt's best answer where it beats the
// group's mean (a group whose answers all score alike teaches nothing), fine-tunes on those (response-only loss),
// and judges the policy as bench:loop does: held-out greedy verifier scores and the win rate vs the starter's greedy
// answers (ties ½). A labels-trained reward model is a noisy estimate of this oracle, so its rounds can do no better.
import os from 'node:os';
import { initBackend } from '../server/ml/backend';
import { loadCheckpoint } from '../server/ml/model/checkpoint';
import { bestOfN } from '../server/ml/rl/best-of-n';
import { mean } from '../server/ml/rl/math';
import { verifierReward } from '../server/ml/rl/reward-fn';
import { sftConfig } from '../server/ml/sft/config';
import { trainOnRows } from '../server/ml/sft/sft';
import { FAMILIES, generateTasks } from '../server/ml/tasks/index';
import type { TokenRow } from '../server/ml/train/batch';
import { greedyScores, headToHead } from './support/heldout-eval';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));

const CHECKPOINT = opt('checkpoint', 'models/starter');
const ROUNDS = num('rounds', 3);
const PROMPTS = num('prompts', 512);
const N = num('n', 4);
const LR = num('lr', 1e-4);
const EPOCHS = num('epochs', 2);
const PER_FAMILY = num('per-family', 20);
const SEED = num('seed', 0);
const EVAL_SEED = 1000; // bench:loop's and the starter recipe's held-out tasks
const MAX_NEW_TOKENS = 96;

async function main(): Promise<void> {
  console.log(`bench:oracle — ${ROUNDS} rounds of expert iteration with the verifier as reward: ${PROMPTS} prompts × ${N} samples, SFT lr ${LR}, ${EPOCHS} epochs`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  await initBackend();
  const heldout = FAMILIES.flatMap((family) => generateTasks({ seed: EVAL_SEED, count: PER_FAMILY, split: 'heldout', families: [family] }));
  const { model, tokenizer: tok } = await loadCheckpoint(CHECKPOINT);
  try {
    const base = greedyScores(model, tok, heldout);
    console.log(`starter: held-out greedy mean ${mean(base).toFixed(3)} on ${heldout.length} tasks`);
    for (let round = 1; round <= ROUNDS; round++) {
      const t0 = performance.now();
      // 1. sample n per fresh train prompt, scored by the verifier
      const tasks = generateTasks({ seed: SEED + 17 + round * 101, count: PROMPTS, split: 'train' });
      const prompts = tasks.map((t) => ({ prompt: t.prompt, verifier: t.verifier }));
      const groups = bestOfN(model, tok, prompts, verifierReward(), { n: N, temperature: 1, maxNewTokens: MAX_NEW_TOKENS, batchSize: 32, seed: SEED + round });
      // 2. keep the best answer where it beats its group's mean
      const kept = groups.filter((g) => g.bestScore > g.meanScore);
      const rows: TokenRow[] = kept.map(({ best }) => {
        const response = best.finished ? [...best.tokens, tok.eosId] : best.tokens;
        return { tokens: [...best.promptTokens, ...response], lossMask: [...best.promptTokens.map(() => 0), ...response.map(() => 1)] };
      });
      // 3. fine-tune on them
      const sft = await trainOnRows({ model, padId: tok.padId, train: rows, config: sftConfig({ lr: LR, epochs: EPOCHS, maxLen: model.config.blockSize, evalEvery: 0, seed: SEED + round }) });
      // 4. judge
      const scores = greedyScores(model, tok, heldout);
      const { wins, ties, winRate } = headToHead(scores, base);
      console.log(
        `round ${round}: samples mean ${mean(groups.flatMap((g) => g.scores)).toFixed(3)}, best-of-${N} ${mean(groups.map((g) => g.bestScore)).toFixed(3)}; ` +
          `${kept.length} answers kept, ${sft.steps} SFT steps | held-out greedy mean ${mean(scores).toFixed(3)} | ` +
          `win rate vs starter ${(100 * winRate).toFixed(1)} % (${wins}/${ties}/${scores.length - wins - ties}) | ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
  } finally {
    model.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
