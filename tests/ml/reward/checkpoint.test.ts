import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { loadRewardModel, saveRewardModel } from '../../../server/ml/reward/checkpoint';
import { RewardModel } from '../../../server/ml/reward/model';
import { fitNormalisation, normaliseOn } from '../../../server/ml/reward/normalise';
import { scoreTexts } from '../../../server/ml/reward/score';

const tok = charTokenizer();
const root = mkdtempSync(path.join(tmpdir(), 'prefloop-rm-'));
const prompts = ['What is 2+2?', 'Name a colour.', 'Say hi', 'Count to 3'];
const answers = ['4', 'blue', 'hi!', '1 2 3'];

beforeAll(async () => {
  await initBackend();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reward-model checkpoint', () => {
  it('round-trips heads, normalisation, ensemble size and trunk: bit-identical scores', async () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 4 }), tok, { ensemble: 3, headSeed: 1 });
    rm.normalisation = { gain: 1.7, bias: -0.3 };
    const dir = path.join(root, 'rm-v1');
    await saveRewardModel(dir, rm, { note: 'test' });
    expect(readdirSync(root)).toEqual(['rm-v1']); // no temporary folder left behind
    const { rm: loaded, meta } = await loadRewardModel(dir);
    expect(meta.note).toBe('test');
    expect(loaded.ensemble).toBe(3);
    expect(loaded.normalisation).toEqual({ gain: 1.7, bias: -0.3 });
    const a = scoreTexts(rm, prompts, answers);
    const b = scoreTexts(loaded, prompts, answers);
    expect(b.scores).toEqual(a.scores);
    expect(b.uncertainty).toEqual(a.uncertainty);
    expect(a.uncertainty?.every((u) => u > 0)).toBe(true);
    await expect(saveRewardModel(dir, rm)).rejects.toThrow(/already exists/);
    rm.dispose();
    loaded.dispose();
  });

  it('rejects a policy checkpoint that has no reward section', async () => {
    const { saveCheckpoint } = await import('../../../server/ml/model/checkpoint');
    const model = new GPT(PRESETS.nano, { seed: 0 });
    const dir = path.join(root, 'policy');
    await saveCheckpoint(dir, model, { tokenizer: 'char' });
    model.dispose();
    await expect(loadRewardModel(dir)).rejects.toThrow(/not a reward-model checkpoint/);
    expect(existsSync(dir)).toBe(true);
  });
});

describe('normalisation', () => {
  it('fits gain and bias so that the reference samples score mean 0, std 1', () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 5 }), tok, { ensemble: 2 });
    const reference = Array.from({ length: 24 }, (_, i) => ({ prompt: `Task ${i % 5}`, response: `answer number ${i * 7}` }));
    const fitted = normaliseOn(rm, reference);
    expect(rm.normalisation).toEqual(fitted);
    const { scores } = scoreTexts(rm, reference.map((r) => r.prompt), reference.map((r) => r.response));
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / scores.length);
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(std).toBeCloseTo(1, 4);
    rm.dispose();
  });

  it('only centres a constant reward', () => {
    expect(fitNormalisation([2, 2, 2])).toEqual({ gain: 1, bias: -2 });
    expect(() => fitNormalisation([])).toThrow();
  });
});
