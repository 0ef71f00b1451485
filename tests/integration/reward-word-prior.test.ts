// An rm job with the word prior (on by default for these English prompts; server/ml/reward/word-prior.ts): the worker fits it on
// the training pairs, the checkpoint stores it, and the scoring route (another worker) loads it back — so the
// reward model prefers kind answers to hostile ones in words none of its labels used.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import type { ScoreResponse } from '../../shared/schemas/reward';
import { initBackend } from '../../server/ml/backend';
import { createRng } from '../../server/ml/random';
import { type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, waitForJob } from '../helpers/policy-jobs';

const KIND = ['glad to help', 'happy to explain', 'thank you kindly', 'a great question', 'sure, with pleasure', 'what a lovely idea'];
const HOSTILE = ['go away', 'shut up', 'you idiot', 'a stupid question', 'leave me alone', 'what a dumb idea'];
const TOPICS = ['the weather', 'my garden', 'this recipe', 'the train', 'your homework', 'the movie', 'a poem', 'the budget'];

/** TRL rows: the kind answer is chosen, the hostile one rejected, about assorted topics. */
function trlRows(n: number): string {
  const rand = createRng(5).next;
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  return Array.from({ length: n }, (_, i) => {
    const topic = pick(TOPICS);
    return JSON.stringify({ prompt: `Q${i}: tell me about ${topic}`, chosen: `About ${topic}: ${pick(KIND)}.`, rejected: `About ${topic}: ${pick(HOSTILE)}.` });
  }).join('\n');
}

let app: TestApp;
beforeAll(async () => {
  await initBackend();
  app = await startTestApp();
  await activateNanoPolicy(app);
});
afterAll(() => app?.close());

describe('rm job with the word prior', () => {
  it('fits, stores and applies it: unseen kind wording outscores unseen hostile wording', async () => {
    expect((await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content: trlRows(120) })).status).toBe(200);
    const bad = await app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { wordPrior: 'yes' } });
    expect(bad.status).toBe(400);
    // no wordPrior in the config: these prompts are not task-world prompts, so the default turns it on
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { steps: 4, lr: 1e-4, maxLen: 64, heldoutFraction: 0.25 } });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = job.result as { metrics: Record<string, number> };
    expect(result.metrics['eval/accuracy_prior']).toBe(1);

    const active = app.server.ctx.store.rewardModels.active();
    const config = JSON.parse(readFileSync(join(active?.checkpointPath ?? '', 'config.json'), 'utf8'));
    expect(config.prefloop.meta.reward.wordPrior).toBe(true);
    const prior = JSON.parse(readFileSync(join(active?.checkpointPath ?? '', 'word-prior.json'), 'utf8'));
    expect(prior).toMatchObject({ format: 1, source: 'glove-6b-100d' });
    expect(prior.weights).toHaveLength(101); // 100 vector dimensions + log length

    const scored = await app.admin.post<ScoreResponse>(ROUTES.adminRewardScore.path, {
      items: [
        { prompt: 'Q: tell me about the sea', response: 'About the sea: delighted to assist, wonderful topic.' },
        { prompt: 'Q: tell me about the sea', response: 'About the sea: get lost, moron.' },
      ],
    });
    expect(scored.status).toBe(200);
    expect(scored.body.scores[0].score).toBeGreaterThan(scored.body.scores[1].score);
  }, 240_000);
});
