import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../server/ml/backend';
import { renderPrompt } from '../../server/ml/model/chat-template';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { generate } from '../../server/ml/model/sampling';
import { charTokenizer } from '../../server/ml/model/tokenizer';
import { type DecodeParams, type Delta, decode } from '../../server/serving/decode';
import { findStop, safeLength } from '../../server/serving/stop-text';

const tok = charTokenizer();
const prompts = [renderPrompt('hi'), renderPrompt('add 2 and 3'), 'x'];
const params: DecodeParams = { maxNewTokens: 20, temperature: 1, seed: 7, stop: [], ignoreEos: false };
let model: GPT;

beforeAll(async () => {
  await initBackend();
  model = new GPT(PRESETS.nano, { seed: 11 });
});
afterAll(() => model.dispose());

describe('stop sequences', () => {
  it('finds the earliest stop from a position', () => {
    expect(findStop('abcXYdefZ', ['Z', 'XY'])).toBe(3);
    expect(findStop('abcXYdefZ', ['Z', 'XY'], 4)).toBe(8);
    expect(findStop('abc', ['d'])).toBe(-1);
  });

  it('holds back a tail that may still become a stop, and half characters', () => {
    expect(safeLength('hello wor', ['world'])).toBe(6);
    expect(safeLength('hello', ['world'])).toBe(5);
    expect(safeLength('ab\n', ['\n\n', 'b\nc'])).toBe(1);
    expect(safeLength('ab\uFFFD', [])).toBe(2);
  });
});

describe('the serving decoder', () => {
  it('samples exactly what model/sampling.ts generate samples for the same seed', async () => {
    const ours = await decode(model, tok, prompts, 1, params);
    const reference = generate(model, tok, prompts, { maxNewTokens: 20, temperature: 1, seed: 7 });
    expect(ours.choices.map((c) => c.text)).toEqual(reference.map((s) => s.text));
    expect(ours.choices.map((c) => c.finishReason)).toEqual(reference.map((s) => (s.finished ? 'stop' : 'length')));
    expect(ours.choices.map((c) => c.completionTokens)).toEqual(reference.map((s) => s.tokens.length));
    expect(ours.promptTokens).toBe(reference.reduce((sum, s) => sum + s.promptTokens.length, 0));
  });

  it('streams deltas that add up to each choice, n rows per prompt in choice order', async () => {
    const deltas: Delta[] = [];
    const result = await decode(model, tok, prompts.slice(0, 2), 3, { ...params, stop: ['e'] }, { onDeltas: (d) => deltas.push(...d) });
    expect(result.choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const choice of result.choices) {
      const mine = deltas.filter((d) => d.index === choice.index);
      expect(mine.map((d) => d.text).join('')).toBe(choice.text);
      expect(mine.filter((d) => d.finishReason)).toEqual([expect.objectContaining({ finishReason: choice.finishReason })]);
      expect(choice.text).not.toContain('e');
    }
  });

  it('stops every row when cancelled, and leaks no tensor', async () => {
    await decode(model, tok, prompts, 2, params); // burn-in
    const before = tf.memory().numTensors;
    let steps = 0;
    const result = await decode(model, tok, prompts, 2, { ...params, ignoreEos: true }, { pause: async () => void steps++, cancelled: () => steps >= 3 });
    expect(result.choices.every((c) => c.completionTokens === 3)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });
});
