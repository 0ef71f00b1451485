// Policy versions over the admin API: list with lineage and how each was trained, activate, roll back to the parent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { PolicyView } from '../../shared/schemas/policies';
import { startTestApp, type TestApp } from '../helpers/app';
import { connectSocket, nextEvent } from '../helpers/socket';

type Page = { items: PolicyView[]; total: number };
type Activated = { active: PolicyView; previous: number | null };

describe('policy versions', () => {
  let app: TestApp;
  const ids: number[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    const { store } = app.server.ctx;
    // v1 the starter; v2 trained from it by PPO; v3 from v2 by DPO
    store.transaction(() => {
      const v1 = store.policies.register({ kind: 'builtin', checkpointPath: '/models/starter' });
      store.policies.activate(v1.id);
      const v2 = store.policies.register({ kind: 'builtin', checkpointPath: '/p/v2', parentId: v1.id, config: { algorithm: 'ppo', steps: 20 }, metrics: { 'objective/kl': 0.4 } });
      const v3 = store.policies.register({ kind: 'builtin', checkpointPath: '/p/v3', parentId: v2.id, config: { algorithm: 'dpo' } });
      ids.push(v1.id, v2.id, v3.id);
    });
  });
  afterAll(() => app?.close());

  it('lists versions newest first with lineage, algorithm and metrics, never the checkpoint path', async () => {
    const res = await app.admin.get<Page>(`${ROUTES.adminPolicies.path}?limit=10`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items.map((p) => [p.version, p.parentId, p.algorithm, p.active])).toEqual([
      [3, ids[1], 'dpo', false],
      [2, ids[0], 'ppo', false],
      [1, null, null, true],
    ]);
    expect(res.body.items[1].metrics).toEqual({ 'objective/kl': 0.4 });
    expect(JSON.stringify(res.body)).not.toContain('/p/v2');
  });

  it('activates a version and rolls back to its parent, then refuses to roll back past the starter', async () => {
    const activated = await app.admin.post<Activated>(buildPath(ROUTES.adminPolicyActivate.path, { id: ids[2] }));
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ active: { id: ids[2], active: true }, previous: ids[0] });
    expect(app.server.ctx.store.policies.active()?.id).toBe(ids[2]);

    const back = await app.admin.post<Activated>(ROUTES.adminPolicyRollBack.path);
    expect(back.body).toMatchObject({ active: { id: ids[1] }, previous: ids[2] }); // v3's parent is v2
    await app.admin.post(ROUTES.adminPolicyRollBack.path);
    expect(app.server.ctx.store.policies.active()?.id).toBe(ids[0]);
    const refused = await app.admin.post<{ error: { code: string } }>(ROUTES.adminPolicyRollBack.path);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('no_parent');
    expect(app.server.ctx.store.policies.active()?.id).toBe(ids[0]);
  });

  it("tells admins' sockets which version became active (model:activated), and annotators nothing", async () => {
    const adminSocket = await connectSocket(app.admin);
    const annotatorSocket = await connectSocket(await app.user('watcher'));
    try {
      const annotatorHeard = nextEvent(annotatorSocket, 'model:activated', 1_500).then(() => true, () => false);
      const event = nextEvent<{ kind: string; id: number; version: number }>(adminSocket, 'model:activated');
      await app.admin.post(buildPath(ROUTES.adminPolicyActivate.path, { id: ids[1] }));
      expect(await event).toEqual({ kind: 'policy', id: ids[1], version: 2 });
      expect(await annotatorHeard).toBe(false);
    } finally {
      adminSocket.disconnect();
      annotatorSocket.disconnect();
      await app.admin.post(buildPath(ROUTES.adminPolicyActivate.path, { id: ids[0] }));
    }
  });

  it('answers 404 for an unknown version, 403 to annotators and 401 without a session, changing nothing', async () => {
    const missing = await app.admin.post<{ error: { code: string } }>(buildPath(ROUTES.adminPolicyActivate.path, { id: 999 }));
    expect(missing.status).toBe(404);
    const annotator = await app.user('ann');
    expect((await annotator.post(buildPath(ROUTES.adminPolicyActivate.path, { id: ids[1] }))).status).toBe(403);
    expect((await app.anonymous.post(ROUTES.adminPolicyRollBack.path)).status).toBe(401);
    expect(app.server.ctx.store.policies.active()?.id).toBe(ids[0]);
  });
});
