import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { RewardModelView } from '../../../../shared/schemas/reward';
import type { AppContext } from '../../../context';
import { HttpError, notFound } from '../../../errors';
import { importLabelledPairs } from '../../../import/labelled-pairs';
import { CONFIG_FILE } from '../../../ml/model/checkpoint';
import { scoreInWorker } from '../../../ml/reward/in-worker';
import type { RewardModelRow } from '../../../store/reward-models';
import { bind } from '../../contract';

/** What admins see of a version (not the checkpoint path on the server's disk). */
const view = (m: RewardModelRow): RewardModelView => ({
  id: m.id,
  version: m.version,
  parentId: m.parentId,
  trainedOnLabelCount: m.trainedOnLabelCount,
  valAccuracy: m.valAccuracy,
  metrics: m.metrics,
  createdAt: m.createdAt,
  active: m.active,
});

export function rewardRoutes(ctx: AppContext): Router {
  const router = Router();

  bind(router, ROUTES.adminRewardModels, ({ query }) => {
    const page = ctx.store.rewardModels.list(query);
    return { ...page, items: page.items.map(view) };
  });

  bind(router, ROUTES.adminRewardModelActivate, ({ params: { id }, body }) => {
    const outcome = ctx.store.rewardModels.activate(id, { force: body.force });
    if (!outcome.activated && outcome.reason === 'not_found') throw notFound('Reward model');
    if (!outcome.activated) {
      throw new HttpError(409, 'not_better', 'Its held-out accuracy is below the active reward model\'s; pass {"force": true} to activate it anyway', {
        active: outcome.active,
      });
    }
    const active = ctx.store.rewardModels.get(id) as RewardModelRow;
    ctx.live.modelActivated({ kind: 'reward', id, version: active.version });
    return { active: view(active), previous: outcome.previous };
  });

  // Scoring loads the checkpoint and runs the trunk: a worker thread, never the event loop.
  bind(router, ROUTES.adminRewardScore, async ({ body, res }) => {
    const active = ctx.store.rewardModels.active();
    if (!active?.checkpointPath) throw new HttpError(409, 'no_reward_model', 'No reward model is active: train one (an rm job) or activate a version');
    if (!existsSync(join(active.checkpointPath, CONFIG_FILE))) {
      throw new HttpError(503, 'reward_model_unavailable', `The active reward model (v${active.version}) has no checkpoint on disk`);
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort()); // the caller went away: stop the worker
    const { scores, uncertainty } = await scoreInWorker({ checkpointDir: active.checkpointPath, items: body.items }, abort.signal);
    return {
      rewardModel: { id: active.id, version: active.version },
      scores: scores.map((score, i) => (uncertainty ? { score, uncertainty: uncertainty[i] } : { score })),
    };
  });

  bind(router, ROUTES.adminImportLabelledPairs, async ({ body }) => {
    // in chunks (import/chunks.ts); with `queue`, the open pairs are announced as each chunk commits
    const result = await importLabelledPairs(ctx.store, body, (count) => ctx.live.pairsAdded(count));
    ctx.live.changed();
    return result;
  });

  return router;
}
