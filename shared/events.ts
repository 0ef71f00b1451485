/**
 * The socket.io half of the contract (shared/contract.ts has the HTTP half): every event with its payload
 * schema and, for client → server events, its ack schema. The server parses every client payload with the
 * schema declared here (types alone are no validation); the typed event maps below are derived from it.
 */
import { z } from 'zod';
import { AdminCountsSchema } from './schemas/admin';
import { JobProgressSchema, JobUpdatedSchema } from './schemas/jobs';
import { type ApiError, ApiErrorSchema, OkSchema } from './schemas/common';
import { LabelAckSchema, LabelSubmitSchema, SkipRequestSchema } from './schemas/labels';
import { MyProgressSchema, NextPairsRequestSchema, NextPairsSchema, QueueCountsSchema } from './schemas/queue';

export interface ClientEventSpec {
  name: string;
  payload: z.ZodType;
  /** what the ack receives on success (an ApiError otherwise) */
  ack: z.ZodType;
}
export interface ServerEventSpec {
  name: string;
  payload: z.ZodType;
}

/** Client → server; each answers through its ack with the ack schema's value or an ApiError. */
export const CLIENT_EVENT_SPECS = {
  labelSubmit: { name: 'label:submit', payload: LabelSubmitSchema, ack: LabelAckSchema },
  /** a missing payload means {count: 1} */
  queueNext: { name: 'queue:next', payload: NextPairsRequestSchema, ack: NextPairsSchema },
  queueSkip: { name: 'queue:skip', payload: SkipRequestSchema, ack: OkSchema },
} as const satisfies Record<string, ClientEventSpec>;

export { type JobProgress, JobProgressSchema } from './schemas/jobs';

export const ModelActivatedSchema = z.object({ kind: z.enum(['policy', 'reward']), id: z.number().int(), version: z.number().int() });
export type ModelActivated = z.infer<typeof ModelActivatedSchema>;

/** Server → client pushes. */
export const SERVER_EVENT_SPECS = {
  /** to everyone: live queue counts */
  queueCounts: { name: 'queue:counts', payload: QueueCountsSchema },
  /** to annotators: new pairs were added */
  queueAvailable: { name: 'queue:available', payload: z.object({ count: z.number().int() }) },
  /** to one user: their own progress */
  progressMine: { name: 'progress:mine', payload: MyProgressSchema },
  /** to admins: platform counts */
  adminCounts: { name: 'admin:counts', payload: AdminCountsSchema },
  /** to admins: a job's progress (ML issues) */
  jobProgress: { name: 'job:progress', payload: JobProgressSchema },
  /** to admins: a job was queued, started or ended (the job as GET /api/admin/jobs/:id has it, without curves) */
  jobUpdated: { name: 'job:updated', payload: JobUpdatedSchema },
  /** to admins: a model version was activated (ML issues) */
  modelActivated: { name: 'model:activated', payload: ModelActivatedSchema },
  /** a payload was rejected outside an ack */
  error: { name: 'error:payload', payload: ApiErrorSchema },
} as const satisfies Record<string, ServerEventSpec>;

type Names<T extends Record<string, { name: string }>> = { readonly [K in keyof T]: T[K]['name'] };
const names = <T extends Record<string, { name: string }>>(specs: T): Names<T> =>
  Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.name])) as Names<T>;

export const CLIENT_EVENTS = names(CLIENT_EVENT_SPECS);
export const SERVER_EVENTS = names(SERVER_EVENT_SPECS);

export const ROOMS = { admins: 'admins', annotators: 'annotators', user: (id: number) => `user:${id}` } as const;

export type Ack<T> = (response: T | ApiError) => void;

type ClientSpecs = typeof CLIENT_EVENT_SPECS;
type ServerSpecs = typeof SERVER_EVENT_SPECS;

/** socket.io's typed maps, derived from the specs above. */
export type ClientToServerEvents = {
  [K in keyof ClientSpecs as ClientSpecs[K]['name']]: (
    payload: z.input<ClientSpecs[K]['payload']>,
    ack: Ack<z.output<ClientSpecs[K]['ack']>>,
  ) => void;
};
export type ServerToClientEvents = {
  [K in keyof ServerSpecs as ServerSpecs[K]['name']]: (payload: z.output<ServerSpecs[K]['payload']>) => void;
};
