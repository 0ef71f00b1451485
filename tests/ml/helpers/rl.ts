// What the RL trainer tests share: copies of named weights (to check what a step changed or left bit-identical)
// and a dense toy reward on which a random nano model's samples differ.
import type * as tf from '@tensorflow/tfjs';

/** Float32 copies of the weights, by name. */
export const snapshot = (vs: Iterable<[string, tf.Variable]>) => new Map([...vs].map(([n, v]) => [n, Float32Array.from(v.dataSync())]));

/** Share of a text's characters with an even code (0 for an empty text). */
export const evenCharShare = (text: string) => (text.length ? [...text].filter((ch) => ch.charCodeAt(0) % 2 === 0).length / text.length : 0);
