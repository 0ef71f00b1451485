import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInstructions, loadSeedTasks, rougeL } from '../../../server/ml/self-instruct';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const seedPath = path.resolve(repoRoot, '../shared/data/alpaca_seed_tasks.jsonl');
const present = existsSync(seedPath);
if (!present) console.warn(`skipping Alpaca seed task tests: ${seedPath} not found (the handbook's shared/data folder)`);

describe.skipIf(!present)('loadSeedTasks on the Alpaca seed tasks', () => {
  it('reads all 175 rows', async () => {
    const tasks = await loadSeedTasks(seedPath);
    expect(tasks).toHaveLength(175);
    expect(tasks[0].id).toBe('seed_task_0');
    expect(tasks.every((t) => t.instruction.length > 0 && t.instances.length > 0)).toBe(true);
    expect(tasks.some((t) => t.is_classification)).toBe(true);
  });

  it('rejects a seed (and a near copy) as too similar to the pool', async () => {
    const seeds = (await loadSeedTasks(seedPath)).map((t) => t.instruction);
    const copy = `${seeds[3]}`;
    expect(rougeL(seeds[3], copy).fmeasure).toBe(1);
    const result = await generateInstructions({
      seeds,
      generator: async () => ` ${copy}\n10. Name three animals that can live in very cold places.`,
      target: 5,
      seed: 0,
      maxRounds: 1,
    });
    expect(result.stats.rejected.similar).toBe(1);
    expect(result.instructions.map((i) => i.instruction)).toEqual(['Name three animals that can live in very cold places.']);
  });
});

describe('loadSeedTasks errors', () => {
  it('names the file and line of a bad row', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'prefloop-seed-'));
    const file = path.join(dir, 'seeds.jsonl');
    const good = JSON.stringify({ id: 'a', name: 'n', instruction: 'Do it.', instances: [{ input: '', output: 'x' }], is_classification: false });
    await writeFile(file, `${good}\n\n{"id": "b"}\n`);
    await expect(loadSeedTasks(file)).rejects.toThrow(/seeds\.jsonl:3: not a seed task/);
    await writeFile(file, `${good}\nnot json\n`);
    await expect(loadSeedTasks(file)).rejects.toThrow(/seeds\.jsonl:2: not JSON/);
    await writeFile(file, `${good}\n`);
    expect(await loadSeedTasks(file)).toHaveLength(1);
  });
});
