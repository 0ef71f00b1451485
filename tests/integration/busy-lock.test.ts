import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { AssignmentView } from '../../shared/schemas/queue';
import { startTestApp, type TestApp } from '../helpers/app';
import { importPairs, labelFor } from '../helpers/data';
import { holdWriteLock } from '../helpers/write-lock';

describe('another process holds the write lock', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('the server keeps answering meanwhile, and its write commits once the lock is released', async () => {
    await importPairs(app.admin, 3);
    const annotator = await app.user('locked-out');
    const { body } = await annotator.route(ROUTES.queueNext, { body: { count: 1 } });
    const [assignment] = (body as { assignments: AssignmentView[] }).assignments;

    const lock = await holdWriteLock(app.dbPath);
    const events: string[] = [];
    const label = labelFor(assignment.assignmentId);
    const submitted = annotator.post(API.labels, label).then((response) => {
      events.push('label answered');
      return response;
    });
    // the label waits for the lock off the event loop: health (and anything else) is answered meanwhile
    const health = await app.anonymous.get<{ ok: boolean }>(API.health);
    expect(health.body.ok).toBe(true);
    events.push('health answered');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the label stays pending while the lock is held
    events.push('lock released');
    await lock.release();
    const response = await submitted;

    expect(events).toEqual(['health answered', 'lock released', 'label answered']);
    // and it never slept on the lock in SQLite's busy handler (which would hold up every request meanwhile)
    expect(app.server.db.pragma('busy_timeout', { simple: true })).toBe(0);
    expect(response.status).toBe(201);
    const stored = app.server.db.prepare('SELECT count(*) FROM labels WHERE idempotency_key = ?').pluck().get(label.idempotencyKey);
    expect(stored).toBe(1);
  });
});
