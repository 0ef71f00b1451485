import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { type SftExample, trainSft } from '../../../server/ml/sft/sft';
import { createRng } from '../../../server/ml/random';

const tok = charTokenizer();

/** Greedy continuation of equal-length prompts, recomputing the full sequence each step (tiny sizes). */
function greedy(model: GPT, prompts: string[], maxNew: number): string[] {
  let rows = prompts.map((p) => tok.encode(renderPrompt(p)));
  const start = rows[0].length;
  for (let i = 0; i < maxNew; i++) {
    const next = tf.tidy(() => {
      const logits = model.forward(tf.tensor2d(rows, undefined, 'int32') as tf.Tensor2D); // [B, T, V]
      const [B, T, V] = logits.shape;
      return tf.argMax(logits.slice([0, T - 1, 0], [B, 1, V]).reshape([B, V]), -1).arraySync() as number[];
    });
    rows = rows.map((r, b) => [...r, next[b]]);
  }
  return rows.map((r) => {
    const out = r.slice(start);
    const eos = out.indexOf(tok.eosId);
    return tok.decode(eos < 0 ? out : out.slice(0, eos));
  });
}

beforeAll(async () => {
  await initBackend();
});

describe('SFT learns a tiny task', () => {
  it('reverses 3-letter strings it never saw (nano model)', async () => {
    const letters = 'abcdefgh';
    const all: SftExample[] = [];
    for (const a of letters) for (const b of letters) for (const c of letters) all.push({ prompt: a + b + c, response: c + b + a });
    const data = createRng(1).shuffle(all);
    const heldout = data.slice(0, 64);
    const train = data.slice(64);

    // Deterministic for a given backend and seed. Runs have a plateau before the model finds the
    // position-mirroring attention; with this seed it reaches ~0.01 eval loss (~20 s on a busy 2-core box).
    const model = new GPT(PRESETS.nano, { seed: 0 });
    const result = await trainSft({
      model,
      tokenizer: tok,
      train,
      eval: heldout,
      config: { lr: 3e-3, batchSize: 32, steps: 400, warmupSteps: 20, evalEvery: 0, maxLen: 32 },
    });
    const answers = greedy(model, heldout.map((e) => e.prompt as string), 4);
    const exact = answers.filter((a, i) => a === heldout[i].response).length / heldout.length;
    console.info(`reverse-3: eval loss ${result.evalLoss?.toFixed(3)}, held-out exact match ${exact}, ${result.seconds.toFixed(1)} s`);
    expect(result.evalLoss).toBeLessThan(0.2);
    expect(exact).toBeGreaterThanOrEqual(0.9);
    model.dispose();
  }, 240_000); // ~20 s alone; minutes when the machine is shared with a training run
});
