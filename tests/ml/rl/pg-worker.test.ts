import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { trainPgInWorker } from '../../../server/ml/rl/pg-in-worker';
import type { PgTaskProgress } from '../../../server/ml/rl/pg-task';
import { generateTasks } from '../../../server/ml/tasks/index';

const root = mkdtempSync(path.join(tmpdir(), 'prefloop-rl-'));
const base = path.join(root, 'base');

beforeAll(async () => {
  await initBackend();
  const model = new GPT(PRESETS.nano, { seed: 0 });
  await saveCheckpoint(base, model, { tokenizer: 'char', name: 'nano' });
  model.dispose();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainPgInWorker', () => {
  it('runs RLOO on task-world prompts off the main thread, streams metrics, writes a checkpoint', async () => {
    const prompts = generateTasks({ seed: 0, count: 6, split: 'train' }).map((t) => ({ prompt: t.prompt, verifier: t.verifier }));
    const steps: PgTaskProgress[] = [];
    const outDir = path.join(root, 'rloo');
    const result = await trainPgInWorker(
      { checkpointDir: base, outDir, prompts, steps: 2, config: { promptsPerStep: 3, samplesPerPrompt: 2, maxNewTokens: 4 } },
      { onStep: (m) => steps.push(m) },
    );
    expect(steps.map((m) => m.step)).toEqual([1, 2]);
    expect(steps.every((m) => Number.isFinite(m['objective/verifier']) && Number.isFinite(m['objective/kl']))).toBe(true);
    expect(result).toMatchObject({ steps: 2, samples: 12, outDir });
    const { model, meta } = await loadCheckpoint(outDir);
    expect(model.config).toEqual(PRESETS.nano);
    expect(meta).toMatchObject({ name: 'nano', parent: base, rl: { algorithm: 'rloo', steps: 2 } });
    model.dispose();
  });

  it('rejects a bad config before loading anything', async () => {
    await expect(
      trainPgInWorker({ checkpointDir: base, outDir: path.join(root, 'bad'), prompts: [], config: { samplesPerPrompt: 1 } }),
    ).rejects.toThrow(/RLOO needs/);
  });
});
