import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { encodeExample } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT, tokenLogProbs } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { sftConfig } from '../../../server/ml/sft/config';
import { encodeSftExamples, trainSft } from '../../../server/ml/sft/sft';
import { SftTrainer } from '../../../server/ml/sft/trainer';
import { nextTokenLoss } from '../../../server/ml/train/loss';

const tok = charTokenizer();
const examples = [
  { prompt: 'What is 2+3?', response: '5' },
  { prompt: 'Reverse: abc', response: 'cba' },
  { prompt: 'Uppercase: hi', response: 'HI' },
  { prompt: 'Count the a in banana', response: '3' },
];
const rows = encodeSftExamples(tok, examples, 32);
const snapshot = (vs: Map<string, tf.Variable> | tf.Variable[]) =>
  new Map([...(vs instanceof Map ? vs : vs.map((v) => [v.name, v] as const))].map(([n, v]) => [n, Float32Array.from(v.dataSync())]));
const changed = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).some((x, i) => x !== b[i]);

let model: GPT;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => model?.dispose());

describe('SFT loss is response-only', () => {
  it('ignores prompt-token targets, counts response targets, equals the closed form', () => {
    model = new GPT(PRESETS.nano, { seed: 1 });
    const { tokens, responseMask } = encodeExample(tok, 'Reverse: abc', 'cba', 32);
    const T = tokens.length;
    const mask = tf.tensor2d([responseMask]);
    const logits = model.forward(tf.tensor2d([tokens], [1, T], 'int32') as tf.Tensor2D);
    const lossWith = (toks: number[]) => nextTokenLoss(logits, tf.tensor2d([toks], [1, T], 'int32') as tf.Tensor2D, mask).dataSync()[0];

    const base = lossWith(tokens);
    const promptEdited = tokens.map((t, i) => (responseMask[i] ? t : (t + 7) % tok.vocabSize));
    expect(lossWith(promptEdited)).toBe(base);
    const responseEdited = tokens.slice();
    responseEdited[responseMask.indexOf(1)] = tok.encode('z')[0];
    expect(lossWith(responseEdited)).not.toBeCloseTo(base, 4);

    // mean of −log p over the response targets (3 chars + EOS)
    const logp = tokenLogProbs(logits, tf.tensor2d([tokens], [1, T], 'int32') as tf.Tensor2D).dataSync();
    const targets = responseMask.slice(1).map((m, i) => (m ? -logp[i] : 0));
    expect(responseMask.reduce((a, b) => a + b, 0)).toBe(4);
    expect(base).toBeCloseTo(targets.reduce((a, b) => a + b, 0) / 4, 5);
  });
});

describe('training trains', () => {
  it('one step changes every trainable variable; loss finite; metrics namespaced', () => {
    model = new GPT(PRESETS.nano, { seed: 2 });
    const before = snapshot(model.namedWeights());
    const trainer = new SftTrainer(model, tok.padId, sftConfig({ lr: 1e-3, batchSize: 4 }), 10);
    const m = trainer.trainStep(rows);
    trainer.dispose();
    expect(Number.isFinite(m['loss/train'])).toBe(true);
    expect(m['loss/train']).toBeGreaterThan(0);
    expect(m.grad_norm).toBeGreaterThan(0);
    expect(m.lr).toBeCloseTo(1e-3 / 1); // warmup 5 % of 10 steps rounds to 1 step → peak at once
    expect(m.tokens_per_s).toBeGreaterThan(0);
    for (const [name, v] of model.namedWeights()) expect(changed(before.get(name)!, v.dataSync()), name).toBe(true);
  });

  it('with LoRA only the adapters change; base weights stay bit-identical', async () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    const base = snapshot(model.namedWeights());
    // two steps: B starts at 0, so A's gradient is 0 on the first one
    await trainSft({ model, tokenizer: tok, train: examples, config: { lr: 1e-2, batchSize: 4, steps: 2, lora: { rank: 4, alpha: 8 }, maxLen: 32 } });
    const lora = model.loraWeights();
    expect(lora.size).toBeGreaterThan(0);
    for (const [name, v] of lora) if (name.endsWith('lora_B')) expect(v.dataSync().some((x) => x !== 0), name).toBe(true);
    expect(model.trainableVariables().length).toBe(lora.size);
    for (const [name, v] of model.namedWeights()) expect(changed(base.get(name)!, v.dataSync()), name).toBe(false);
  });

  it('LoRA A matrices move too once B is non-zero', () => {
    model = new GPT(PRESETS.nano, { seed: 4 });
    model.enableLora({ rank: 2, alpha: 4, seed: 0 });
    const start = snapshot(model.loraWeights());
    const trainer = new SftTrainer(model, tok.padId, sftConfig({ lr: 1e-2, batchSize: 4 }), 10);
    trainer.trainStep(rows);
    trainer.trainStep(rows);
    trainer.dispose();
    for (const [name, v] of model.loraWeights()) expect(changed(start.get(name)!, v.dataSync()), name).toBe(true);
  });

  it('does not leak tensors across a step (after a burn-in step)', () => {
    model = new GPT(PRESETS.nano, { seed: 5 });
    const trainer = new SftTrainer(model, tok.padId, sftConfig({ batchSize: 4 }), 10);
    trainer.trainStep(rows); // creates Adam's slots
    const before = tf.memory().numTensors;
    trainer.trainStep(rows);
    expect(tf.memory().numTensors).toBe(before);
    trainer.evalLoss(rows);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('a full run reports eval loss, is reproducible and frees the optimizer', async () => {
    const run = async () => {
      const m = new GPT(PRESETS.nano, { seed: 6 });
      const before = tf.memory().numTensors;
      const seen: string[][] = [];
      const r = await trainSft({
        model: m,
        tokenizer: tok,
        train: examples,
        eval: examples.slice(0, 2),
        config: { batchSize: 2, steps: 4, evalEvery: 2, maxLen: 32 },
        onStep: (metrics) => seen.push(Object.keys(metrics)),
      });
      expect(tf.memory().numTensors).toBe(before); // Adam slots disposed
      m.dispose();
      return { r, seen };
    };
    const { r, seen } = await run();
    expect(seen).toHaveLength(4);
    expect(seen[1]).toContain('loss/eval');
    expect(seen[0]).not.toContain('loss/eval');
    expect(Number.isFinite(r.evalLoss)).toBe(true);
    expect((await run()).r.metrics.map((m) => m['loss/train'])).toEqual(r.metrics.map((m) => m['loss/train']));
  });
});
