import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { ReferencePolicy } from '../../../server/ml/rl/reference';
import { OptimizerStep } from '../../../server/ml/train/optimizer-step';
import { snapshot } from '../helpers/rl';

const tokens = () => tf.tensor2d([[5, 6, 7, 8]], [1, 4], 'int32');
let model: GPT;
let ref: ReferencePolicy;

beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  ref?.dispose();
  model?.dispose();
});

describe('ReferencePolicy', () => {
  it('stays bit-identical while the policy trains, and offers nothing to optimise', () => {
    model = new GPT(PRESETS.nano, { seed: 5 });
    ref = new ReferencePolicy(model);
    const before = snapshot(ref.weights());
    const logitsBefore = tf.tidy(() => ref.forward(tokens()).dataSync());
    const opt = new OptimizerStep(model.trainableVariables(), { lr: 1e-2, totalSteps: 3, warmupSteps: 0 });
    // even a loss that reads the reference: its variables are not trainable, so no gradient reaches them
    for (let i = 0; i < 3; i++) opt.run(() => tf.add(tf.mean(tf.square(model.forward(tokens()))), tf.mean(ref.forward(tokens()))) as tf.Scalar);
    opt.dispose();
    const policyNow = snapshot(model.namedWeights());
    expect([...policyNow].some(([n, v]) => v.some((x, i) => x !== before.get(n)![i]))).toBe(true);
    for (const [name, v] of snapshot(ref.weights())) expect(v).toEqual(before.get(name));
    expect(tf.tidy(() => ref.forward(tokens()).dataSync())).toEqual(logitsBefore);

    expect(ref.trainableVariables()).toEqual([]);
    expect(() => new OptimizerStep(ref.trainableVariables(), { lr: 1e-2, totalSteps: 1 })).toThrow(/no trainable variables/);
    expect([...ref.weights().values()].every((v) => !v.trainable)).toBe(true);
  });
});
