// How modules get their weights: fresh GPT-2 initialisation from a seeded RNG, or given arrays (checkpoints).
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';

export type Init = { std: number } | 'zeros' | 'ones';

/** Creates the variable called `name` (HF GPT-2 naming) with `shape`. */
export type MakeWeight = (name: string, shape: number[], init: Init) => tf.Variable;

export function randomWeights(rng: Rng): MakeWeight {
  return (_name, shape, init) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (init === 'ones') data.fill(1);
    else if (init !== 'zeros') for (let i = 0; i < size; i++) data[i] = rng.normal() * init.std;
    return tf.variable(tf.tensor(data, shape, 'float32'));
  };
}

/** Takes every weight from `weights` (shape-checked); a missing name is an error. */
export function givenWeights(weights: Map<string, Float32Array>): MakeWeight {
  return (name, shape) => {
    const data = weights.get(name);
    if (!data) throw new Error(`missing weight "${name}"`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`weight "${name}": expected ${size} values for [${shape}], got ${data.length}`);
    return tf.variable(tf.tensor(data, shape, 'float32'));
  };
}
