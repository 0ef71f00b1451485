import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend, initBackend } from '../../../server/ml/backend';

describe('initBackend', () => {
  it('picks a fast backend (tensorflow or wasm), is idempotent, and can be overridden', async () => {
    const name = await initBackend();
    const forced = process.env.PREFLOOP_TF_BACKEND;
    if (forced) expect(name).toBe(forced);
    else expect(['tensorflow', 'wasm']).toContain(name);
    expect(await initBackend()).toBe(name);
    expect(currentBackend()).toBe(name);
    expect(tf.getBackend()).toBe(name);

    expect(await initBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await initBackend(name)).toBe(name);
    expect(currentBackend()).toBe(name);
  });
});
