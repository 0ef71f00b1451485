import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { generatePairsForPrompts } from '../../../server/ml/generation/generate-pairs';
import { sampleResponses } from '../../../server/ml/generation/sample-responses';
import { generateStarterPrompts } from '../../../server/ml/generation/starter-prompts';
import { saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { FAMILIES, verify } from '../../../server/ml/tasks/index';

const dir = mkdtempSync(path.join(tmpdir(), 'prefloop-gen-'));
const prompts = [
  { id: 7, text: 'Add 2 and 3.' },
  { id: 8, text: 'Reverse abc' },
  { id: 9, text: 'Hi' },
];

beforeAll(async () => {
  await initBackend();
  const model = new GPT(PRESETS.nano, { seed: 0 });
  await saveCheckpoint(dir, model, { tokenizer: 'char' });
  model.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generatePairsForPrompts (worker thread)', () => {
  it('returns N samples per prompt, in prompt order, while the event loop keeps ticking', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const progress: number[] = [];
    const started = Date.now();
    const out = await generatePairsForPrompts({
      checkpointDir: dir,
      prompts,
      samplesPerPrompt: 3,
      maxNewTokens: 8,
      temperature: 1,
      seed: 1,
      onProgress: (done, total) => {
        expect(total).toBe(3);
        progress.push(done);
      },
    });
    clearInterval(timer);
    expect(out.map((s) => s.promptId)).toEqual([7, 7, 7, 8, 8, 8, 9, 9, 9]);
    for (const s of out) {
      expect(s.tokenCount).toBeLessThanOrEqual(8);
      expect(s.text.length).toBeLessThanOrEqual(8);
      expect(Number.isFinite(s.logprobSum)).toBe(true);
      expect(s.logprobSum).toBeLessThanOrEqual(0);
      expect(s.samplingParams).toMatchObject({ temperature: 1, maxNewTokens: 8, seed: 1 });
    }
    expect(progress.at(-1)).toBe(3);
    // a blocked loop would tick ~0 times; allow for a slow, shared machine
    expect(ticks).toBeGreaterThan((Date.now() - started) / 5 / 4);
  });
});

describe('sampleResponses (in process)', () => {
  it('is seeded, defaults to pairs, and leaks no tensors', () => {
    const model = new GPT(PRESETS.nano, { seed: 0 });
    const tok = charTokenizer();
    const run = () => sampleResponses(model, tok, prompts, { params: { maxNewTokens: 6, seed: 3 } });
    const first = run();
    const before = tf.memory().numTensors;
    const second = run();
    expect(tf.memory().numTensors).toBe(before);
    expect(first).toHaveLength(6);
    expect(second).toEqual(first);
    model.dispose();
  });
});

describe('generateStarterPrompts', () => {
  it('gives train-split task prompts, balanced over families, with their verifiers', () => {
    const ps = generateStarterPrompts({ seed: 1, count: 2 * FAMILIES.length });
    expect(ps).toHaveLength(2 * FAMILIES.length);
    expect(new Set(ps.map((p) => p.family))).toEqual(new Set(FAMILIES));
    for (const p of ps) {
      expect(p.text.length).toBeGreaterThan(0);
      expect(p.verifier.family).toBe(p.family);
      expect(verify(p.verifier, '')).toBeGreaterThanOrEqual(0);
    }
    expect(generateStarterPrompts({ seed: 1, count: 5 })).toEqual(ps.slice(0, 5));
  });
});
