import type { AppContext } from '../context';
import { seedDemo } from './demo';
import { hasCheckpoint, seedFromStarterPolicy } from './starter';

/** Fills an empty database: pairs sampled from the starter policy when its checkpoint is there, else the demo set. */
export async function seedEmptyDatabase(ctx: AppContext, starterCheckpointDir: string | undefined, signal: AbortSignal): Promise<void> {
  if (hasCheckpoint(starterCheckpointDir)) {
    try {
      ctx.log.info('Sampling the first answer pairs from the starter policy (in a worker thread)…');
      const r = await seedFromStarterPolicy(ctx, { checkpointDir: starterCheckpointDir, signal });
      ctx.log.info(`Seeded ${r.prompts} task-world prompts and ${r.comparisons} pairs from the starter policy (${r.gold} gold).`);
      return;
    } catch (err) {
      if (signal.aborted) return;
      ctx.log.error('Sampling from the starter policy failed; seeding the demo set instead.', err);
    }
  }
  seedDemoSet(ctx);
}

export function seedDemoSet(ctx: AppContext): void {
  const demo = seedDemo(ctx.store);
  ctx.log.info(`Seeded the demo set: ${demo.prompts} prompts, ${demo.comparisons} comparisons (${demo.gold} gold).`);
  ctx.live.pairsAdded(demo.comparisons);
}
