import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT, tokenLogProbs } from '../../../server/ml/model/gpt';
import { ids, maxAbsDiff } from '../helpers/model';

const cfg = PRESETS.nano;
const tokens = [
  [4, 8, 15, 16, 23, 42],
  [1, 2, 3, 5, 8, 13],
];

beforeAll(async () => {
  await initBackend();
});

function logits(model: GPT): Float32Array {
  return tf.tidy(() => model.forward(ids(tokens)).dataSync() as Float32Array);
}

describe('LoRA', () => {
  it('starts as an exact no-op and trains only the adapters', () => {
    const model = new GPT(cfg, { seed: 1 });
    const before = logits(model);
    model.enableLora({ rank: 4, alpha: 8, seed: 2 });
    expect(maxAbsDiff(logits(model), before)).toBe(0);

    const lora = model.loraWeights();
    expect(lora.size).toBe(cfg.nLayer * 2 * 2); // c_attn + c_proj, A + B
    expect(lora.get('h.0.attn.c_attn.lora_A')!.shape).toEqual([cfg.nEmbd, 4]);
    expect(lora.get('h.0.attn.c_attn.lora_B')!.shape).toEqual([4, 3 * cfg.nEmbd]);
    const trainable = model.trainableVariables();
    expect(new Set(trainable)).toEqual(new Set(lora.values()));
    expect([...model.namedWeights().values()].every((v) => !v.trainable)).toBe(true);

    // a gradient step over trainableVariables touches only adapters; B gets a non-zero gradient
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.neg(tf.mean(tokenLogProbs(model.forward(ids(tokens)), ids(tokens)))) as tf.Scalar),
      trainable,
    );
    expect(Object.keys(grads).length).toBe(trainable.length);
    const gB = grads[lora.get('h.1.attn.c_proj.lora_B')!.name];
    expect(gB.dataSync().some((v) => v !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });

  it('changing B changes the output; mergeLora reproduces the adapter form', () => {
    const model = new GPT(cfg, { seed: 3 });
    const base = logits(model);
    model.enableLora({ rank: 2, alpha: 4, targets: ['attn.c_attn', 'attn.c_proj', 'mlp.c_fc', 'mlp.c_proj'], seed: 4 });
    expect(model.loraWeights().size).toBe(cfg.nLayer * 4 * 2);
    tf.tidy(() => {
      for (const [name, v] of model.loraWeights()) if (name.endsWith('lora_B')) v.assign(tf.randomNormal(v.shape, 0, 0.1, 'float32', 9));
    });
    const adapted = logits(model);
    expect(maxAbsDiff(adapted, base)).toBeGreaterThan(1e-3);

    const numTensors = tf.memory().numTensors;
    model.mergeLora();
    expect(model.loraWeights().size).toBe(0);
    expect(tf.memory().numTensors).toBe(numTensors - cfg.nLayer * 4 * 2); // adapters freed
    expect(model.trainableVariables().length).toBe(model.namedWeights().size);
    expect([...model.namedWeights().values()].every((v) => v.trainable)).toBe(true);
    expect(maxAbsDiff(logits(model), adapted)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('clone copies weights and adapters into independent variables', () => {
    const model = new GPT(cfg, { seed: 5 });
    model.enableLora({ rank: 2, alpha: 2, seed: 6 });
    tf.tidy(() => model.loraWeights().get('h.0.attn.c_attn.lora_B')!.assign(tf.ones([2, 3 * cfg.nEmbd])));
    const copy = model.clone();
    expect(maxAbsDiff(logits(copy), logits(model))).toBe(0);
    tf.tidy(() => copy.wte.assign(tf.zerosLike(copy.wte)));
    expect(maxAbsDiff(logits(copy), logits(model))).toBeGreaterThan(0);
    copy.dispose();
    model.dispose();
  });
});
