// One whole round of the loop through the real server: simulated annotators label pairs over socket.io, the loop
// job trains a reward model on those labels, runs PPO from the active policy with it, activates the new version
// and fills the queue with same-version and cross-version pairs — which annotators then get and label.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { CreatedToken } from '../../shared/schemas/auth';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { generateTasks, getFamily } from '../../server/ml/tasks';
import { createRng } from '../../server/ml/random';
import { simulateAnnotators } from '../../server/sim/annotators';
import { startTestApp, type TestApp } from '../helpers/app';
import { waitForJob } from '../helpers/policy-jobs';

const PAIRS = 24;

describe('the loop job', () => {
  let app: TestApp;
  let token: string;
  let policyV1: number;

  beforeAll(async () => {
    await initBackend();
    app = await startTestApp();
    const dir = join(app.dir, 'policy');
    const model = new GPT(PRESETS.nano, { seed: 1 });
    await saveCheckpoint(dir, model, { tokenizer: 'char' });
    model.dispose();
    const { store } = app.server.ctx;
    policyV1 = store.transaction(() => store.policies.register({ kind: 'builtin', checkpointPath: dir })).id;
    store.transaction(() => store.policies.activate(policyV1));
    // task-world prompts answered by two external "models": the reference answer vs a realistic mistake
    const rng = createRng(4);
    const tasks = generateTasks({ seed: 4, count: PAIRS, split: 'train' });
    const rows = (pick: (t: (typeof tasks)[number]) => string) => tasks.map((t) => JSON.stringify({ prompt: t.prompt, output: pick(t) })).join('\n');
    await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'right', content: rows((t) => t.answer) });
    await app.admin.post(API.admin.importResponses, {
      format: 'jsonl',
      model: 'wrong',
      content: rows((t) => getFamily(t.family).imperfect(rng, t.verifier, t.answer)),
    });
    token = (await app.admin.post<CreatedToken>(API.admin.tokens, { label: 'simulate' })).body.token;
    await simulateAnnotators({ url: app.url, admin: { token }, annotators: 3, labels: 100, seed: 2, choice: { noise: 0 } });
  }, 120_000);
  afterAll(() => app?.close());

  it('refuses a bad policy config with 400 and an unknown algorithm', async () => {
    const create = (config: unknown) => app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'loop', config });
    expect((await create({ policy: { epochs: 0 } })).status).toBe(400);
    expect((await create({ algorithm: 'magic' })).status).toBe(400);
    expect((await create({ pairs: { samplesPerPrompt: 1 } })).status).toBe(400);
  });

  it('trains a reward model and a policy, activates the new version, and queues same- and cross-version pairs', async () => {
    const { store, db } = { store: app.server.ctx.store, db: app.server.db };
    const labels = (db.prepare('SELECT COUNT(*) AS n FROM labels').get() as { n: number }).n;
    expect(labels).toBeGreaterThanOrEqual(PAIRS - 2);
    const config = {
      minNewLabels: 10,
      rmGate: { minAccuracy: 0, z: 0 }, // a 4-step reward model on a tiny model is no better than chance
      rm: { steps: 4, batchSize: 4, referenceSamples: 8, ensemble: 3 },
      policy: { steps: 1, promptsPerStep: 4, minibatches: 2, epochs: 1, maxNewTokens: 4, lr: 1e-3, verifierWeight: 0.5 },
      pairs: { prompts: 6, crossPrompts: 4, maxNewTokens: 8 },
    };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'loop', config });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = job.result as { rewardModel: { id: number; activated: boolean }; policy: { id: number; version: number; activated: boolean }; pairs: { same: number; cross: number } };
    expect(result.rewardModel.activated).toBe(true);
    expect(result.policy).toMatchObject({ version: 2, activated: true });
    expect(store.policies.active()?.id).toBe(result.policy.id);
    expect(store.rewardModels.active()?.id).toBe(result.rewardModel.id);
    const curves = (db.prepare('SELECT DISTINCT name FROM job_metrics WHERE job_id = ?').all(job.id) as { name: string }[]).map((r) => r.name);
    expect(curves).toEqual(expect.arrayContaining(['rm/loss/train', 'policy/objective/kl', 'policy/policy/clipfrac']));

    // the new pairs: same-version ('train', both sides v2) and cross-version ('eval', v2 vs v1)
    const pairs = db
      .prepare(
        `SELECT c.kind, ra.policy_id AS a, rb.policy_id AS b FROM comparisons c
         JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b WHERE ra.policy_id IS NOT NULL`,
      )
      .all() as { kind: string; a: number; b: number }[];
    const v2 = result.policy.id;
    expect(pairs.filter((p) => p.kind === 'train').every((p) => p.a === v2 && p.b === v2)).toBe(true);
    expect(pairs.filter((p) => p.kind === 'eval').every((p) => new Set([p.a, p.b]).size === 2 && [p.a, p.b].includes(v2) && [p.a, p.b].includes(policyV1))).toBe(true);
    expect(pairs.filter((p) => p.kind === 'train').length).toBe(result.pairs.same);
    expect(pairs.filter((p) => p.kind === 'eval').length).toBe(result.pairs.cross);
    expect(result.pairs.same + result.pairs.cross).toBeGreaterThan(0);
    // with a 3-head reward model, same-version pairs carry its uncertainty (the queue asks the highest first)
    const uncertainties = db
      .prepare(`SELECT c.uncertainty AS u FROM comparisons c JOIN responses r ON r.id = c.response_a WHERE c.kind = 'train' AND r.policy_id = ?`)
      .all(v2) as { u: number | null }[];
    expect(uncertainties.length).toBe(result.pairs.same);
    expect(uncertainties.every(({ u }) => u !== null && u >= 0)).toBe(true);

    // annotators get them from the queue and label them
    const summary = await simulateAnnotators({ url: app.url, admin: { token }, annotators: 2, labels: 100, seed: 3, choice: { noise: 0 } });
    expect(summary.submitted).toBeGreaterThan(0);
    const labelled = db
      .prepare(`SELECT COUNT(*) AS n FROM labels l JOIN comparisons c ON c.id = l.comparison_id JOIN responses r ON r.id = c.response_a WHERE r.policy_id IS NOT NULL`)
      .get() as { n: number };
    expect(labelled.n).toBeGreaterThan(0);
  }, 300_000);

  it('judges a new reward model against the active one on the same held-out pairs before activating it', async () => {
    const { store } = app.server.ctx;
    const before = store.rewardModels.active()!.id;
    const config = { forceRm: true, updatePolicy: false, rm: { steps: 2, batchSize: 4, referenceSamples: 8, heldoutFraction: 0.5 }, pairs: { prompts: 0, crossPrompts: 0 } };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'loop', config });
    const job = await waitForJob(app, created.body.id);
    expect(job.status).toBe('succeeded');
    const result = job.result as { rewardModel: { id: number; activated: boolean }; rmComparison: { candidate: number; active: number }; policy: null; skipped: string };
    expect(result.policy).toBeNull();
    expect(result.skipped).toBe('no policy update asked');
    expect(typeof result.rmComparison.candidate).toBe('number');
    expect(typeof result.rmComparison.active).toBe('number'); // the active model, scored on the new held-out pairs
    const better = result.rmComparison.candidate >= result.rmComparison.active;
    expect(result.rewardModel.activated).toBe(better);
    expect(store.rewardModels.active()!.id).toBe(better ? result.rewardModel.id : before);
  }, 300_000);

  it('skips the policy update when the reward model does not clear the accuracy gate, and still queues pairs', async () => {
    const { store } = app.server.ctx;
    const activePolicy = store.policies.active()!.id;
    app.server.db.prepare('UPDATE reward_models SET active = 0').run(); // no active model: the new one is the one in use
    const config = {
      forceRm: true,
      rmGate: { minAccuracy: 1, z: 0 }, // no accuracy is above 100 %
      rm: { steps: 2, batchSize: 4, referenceSamples: 8, heldoutFraction: 0.5 },
      policy: { steps: 1, promptsPerStep: 4, minibatches: 2, epochs: 1, maxNewTokens: 4 },
      pairs: { prompts: 3, crossPrompts: 2, maxNewTokens: 8 },
    };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'loop', config });
    const job = await waitForJob(app, created.body.id);
    expect(job.status).toBe('succeeded');
    const result = job.result as { rewardModel: { activated: boolean }; policy: null; skipped: string; pairs: { same: number; cross: number; identical: number } };
    expect(result.rewardModel.activated).toBe(true);
    expect(result.policy).toBeNull();
    expect(result.skipped).toMatch(/held-out accuracy [\d.]+ % on \d+ pairs is not 0 standard errors above 100 %/);
    expect(store.policies.active()!.id).toBe(activePolicy);
    expect(result.pairs.cross).toBe(0); // no new version, nothing to compare
    expect(result.pairs.same + result.pairs.identical).toBe(3); // pairs of the active policy all the same
  }, 300_000);

  it('gates the active reward model too, in a round with too few new labels to train one', async () => {
    const { store } = app.server.ctx;
    const activePolicy = store.policies.active()!.id;
    const activeRm = store.rewardModels.active()!.id; // the one the test above trained, on the same split
    const config = {
      minNewLabels: 1_000_000,
      rmGate: { minAccuracy: 1, z: 0 },
      rm: { heldoutFraction: 0.5 },
      policy: { steps: 1, promptsPerStep: 4, minibatches: 2, epochs: 1, maxNewTokens: 4 },
      pairs: { prompts: 0, crossPrompts: 0 },
    };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'loop', config });
    const job = await waitForJob(app, created.body.id);
    expect(job.status).toBe('succeeded');
    const result = job.result as { rewardModel: null; policy: null; skipped: string };
    expect(result.rewardModel).toBeNull();
    expect(result.policy).toBeNull();
    expect(result.skipped).toMatch(/the active reward model's held-out accuracy [\d.]+ % on \d+ pairs is not 0 standard errors above 100 %/);
    expect(store.policies.active()!.id).toBe(activePolicy);
    expect(store.rewardModels.active()!.id).toBe(activeRm);
  }, 300_000);
});
