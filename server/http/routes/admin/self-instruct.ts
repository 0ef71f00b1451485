import { Router } from 'express';
import { API } from '../../../../shared/api';
import { ImportSelfInstructRequestSchema } from '../../../../shared/schemas/imports';
import type { AppContext } from '../../../context';
import { runSelfInstructImport } from '../../../import/self-instruct';
import { parse } from '../../validate';
import { adminPath } from './path';

/**
 * Self-Instruct prompt generation as an import source. The generator runs off the event loop (async I/O to an
 * OpenAI-compatible endpoint, or the built-in policy in a worker thread); the kept prompts are stored in one
 * transaction at the end, so a failed run (502 upstream_error for an endpoint that fails) stores nothing. A
 * caller that goes away stops the run.
 */
export function selfInstructRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(adminPath(API.admin.importSelfInstruct), async (req, res) => {
    const request = parse(ImportSelfInstructRequestSchema, req.body);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('the client went away'));
    });
    const result = await runSelfInstructImport(ctx.store, request, { signal: abort.signal });
    ctx.log.info(
      `self-instruct: ${result.kept} kept of ${result.generated} generated in ${result.stats.rounds} rounds, ${result.prompts} new prompts (${result.generator}, seed ${result.seed})`,
    );
    if (result.prompts > 0) ctx.live.changed();
    res.json(result);
  });

  return router;
}
