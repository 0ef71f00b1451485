import { OkSchema } from '../schemas/common';
import { LabelAckSchema, LabelSubmitSchema, SkipRequestSchema } from '../schemas/labels';
import { GuidelinesSchema, MyProgressSchema, NextPairsRequestSchema, NextPairsSchema, QueueCountsSchema } from '../schemas/queue';
import { route } from './route';

/** What annotators use: the queue, labels, their progress and the guidelines. */
export const annotateRoutes = {
  /** the caller's live leases first, then new pairs, up to `count` in all */
  /** a POST: it leases (changes state) */
  queueNext: route({ method: 'POST', path: '/api/queue/next', auth: 'user', body: NextPairsRequestSchema, response: NextPairsSchema }),
  queueSkip: route({ method: 'POST', path: '/api/queue/skip', auth: 'user', body: SkipRequestSchema, response: OkSchema }),
  queueCounts: route({ method: 'GET', path: '/api/queue/counts', auth: 'user', response: QueueCountsSchema }),
  myProgress: route({ method: 'GET', path: '/api/me/progress', auth: 'user', response: MyProgressSchema }),
  /** 201 for a new label, 200 for a retried idempotency key (nothing written) */
  labelSubmit: route({
    method: 'POST',
    path: '/api/labels',
    auth: 'user',
    body: LabelSubmitSchema,
    response: LabelAckSchema,
    status: [201, 200],
  }),
  guidelines: route({ method: 'GET', path: '/api/guidelines', auth: 'user', response: GuidelinesSchema }),
  /** the one admin write outside /api/admin (the path is shared with the read above) */
  guidelinesSave: route({ method: 'PUT', path: '/api/guidelines', auth: 'admin', body: GuidelinesSchema, response: GuidelinesSchema }),
};
