// An empty database is filled from a starter policy checkpoint: policy v1, task-world prompts with their
// verifiers, and pairs sampled in a worker thread (here a nano checkpoint the test writes itself).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { initBackend } from '../../server/ml/backend';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { verify } from '../../server/ml/tasks/index';
import { startTestApp, type TestApp } from '../helpers/app';

describe('seeding an empty database from the starter policy', () => {
  let app: TestApp;
  let healthAnsweredWhileSampling = false;

  beforeAll(async () => {
    await initBackend();
    const checkpointDir = mkdtempSync(join(tmpdir(), 'prefloop-nano-policy-'));
    const model = new GPT(PRESETS.nano, { seed: 3 });
    await saveCheckpoint(checkpointDir, model, { tokenizer: 'char' });
    model.dispose();
    app = await startTestApp({ seedDemo: true, starterCheckpointDir: checkpointDir });
    const health = await app.anonymous.get(API.health);
    healthAnsweredWhileSampling = health.status === 200;
    await app.server.seeded;
  });
  afterAll(() => app?.close());

  it('registers the checkpoint as the active policy v1 and stores task-world prompts with verifiers', () => {
    const db = app.server.db;
    const policies = db.prepare('SELECT version, kind, active FROM policies').all();
    expect(policies).toEqual([{ version: 1, kind: 'builtin', active: 1 }]);
    const prompts = db.prepare("SELECT task_family, verifier FROM prompts WHERE source = 'task-world'").all() as {
      task_family: string;
      verifier: string;
    }[];
    expect(prompts.length).toBe(48);
    expect(new Set(prompts.map((p) => p.task_family)).size).toBeGreaterThanOrEqual(8);
    for (const p of prompts) expect(JSON.parse(p.verifier).family).toBe(p.task_family);
  });

  it('stores sampled pairs of the same policy version for the same prompt, with token counts and log-probs', () => {
    const rows = app.server.db
      .prepare(
        `SELECT c.kind, c.gold_answer, p.verifier, ra.text AS textA, rb.text AS textB, ra.prompt_id AS pa, rb.prompt_id AS pb,
                c.prompt_id, ra.policy_id AS policyA, rb.policy_id AS policyB, ra.token_count AS tokens, ra.logprob_sum AS lp
         FROM comparisons c JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b
         JOIN prompts p ON p.id = c.prompt_id`,
      )
      .all() as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.pa).toBe(r.prompt_id);
      expect(r.pb).toBe(r.prompt_id);
      expect(r.policyA).toBe(1);
      expect(r.policyB).toBe(1);
      expect(r.textA).not.toBe(r.textB);
      expect(r.tokens).toBeGreaterThanOrEqual(0);
      expect(r.lp).toBeLessThanOrEqual(0);
      if (r.kind === 'gold') {
        const spec = JSON.parse(r.verifier as string);
        const [sa, sb] = [verify(spec, r.textA as string), verify(spec, r.textB as string)];
        expect(r.gold_answer === 'a' ? sa > sb : sb > sa).toBe(true);
      }
    }
  });

  it('answered HTTP while the worker was sampling, and the pairs reach annotators', async () => {
    expect(healthAnsweredWhileSampling).toBe(true);
    const annotator = await app.user('starter.annotator');
    const res = await annotator.post(API.queueNext, { count: 1 });
    expect(res.status).toBe(200);
    expect((res.body as { assignments: unknown[] }).assignments).toHaveLength(1);
  });
});
