import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { trainSftInWorker } from '../../../server/ml/sft/sft-in-worker';
import type { StepMetrics } from '../../../server/ml/sft/trainer';

const root = mkdtempSync(path.join(tmpdir(), 'prefloop-sft-'));
const base = path.join(root, 'base');

beforeAll(async () => {
  await initBackend();
  const model = new GPT(PRESETS.nano, { seed: 0 });
  await saveCheckpoint(base, model, { tokenizer: 'char' });
  model.dispose();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainSftInWorker', () => {
  it('fine-tunes a checkpoint off the main thread, streams metrics, writes a merged checkpoint', async () => {
    const steps: StepMetrics[] = [];
    const outDir = path.join(root, 'sft');
    const result = await trainSftInWorker(
      {
        checkpointDir: base,
        outDir,
        train: [
          { prompt: 'Say hi', response: 'hi' },
          { prompt: 'Say yo', response: 'yo' },
        ],
        config: { batchSize: 2, steps: 2, lr: 1e-2, maxLen: 32, lora: { rank: 2, alpha: 4 } },
      },
      { onStep: (m) => steps.push(m) },
    );
    expect(steps.map((m) => m.step)).toEqual([1, 2]);
    expect(Number.isFinite(steps[1]['loss/train'])).toBe(true);
    expect(result).toMatchObject({ steps: 2, outDir });
    const { model, meta } = await loadCheckpoint(outDir);
    expect(model.loraConfig()).toBeNull(); // adapters were merged
    expect(meta).toMatchObject({ parent: base, sft: { steps: 2 } });
    model.dispose();
  });
});
