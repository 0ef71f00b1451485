import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One row of Self-Instruct's / Alpaca's seed_tasks.jsonl. */
export const SeedTaskSchema = z.object({
  id: z.string(),
  name: z.string(),
  instruction: z.string().min(1),
  instances: z.array(z.object({ input: z.string(), output: z.string() })),
  is_classification: z.boolean(),
});
export type SeedTask = z.infer<typeof SeedTaskSchema>;

/** Reads a seed-task JSONL file; blank lines are skipped, a bad row fails with its line number. */
export async function loadSeedTasks(path: string): Promise<SeedTask[]> {
  const text = await readFile(path, 'utf8');
  const tasks: SeedTask[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const row = SeedTaskSchema.safeParse(json);
    if (!row.success) throw new Error(`${path}:${i + 1}: not a seed task: ${row.error.message}`);
    tasks.push(row.data);
  });
  return tasks;
}
