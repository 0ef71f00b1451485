/**
 * socket.io event names and payload types, shared by server and client. Every client→server payload is
 * validated on the server with the zod schema named beside it (types alone are no validation).
 */
import type { AdminCounts } from './schemas/admin';
import type { ApiError } from './schemas/common';
import type { LabelAck, LabelSubmit } from './schemas/labels';
import type { AssignmentView, MyProgress, QueueCounts } from './schemas/queue';

export const CLIENT_EVENTS = {
  /** payload LabelSubmitSchema; ack LabelAck | ApiError */
  labelSubmit: 'label:submit',
  /** payload NextPairsQuerySchema ({count}); ack {assignments} | ApiError */
  queueNext: 'queue:next',
  /** payload SkipRequestSchema; ack {ok: true} | ApiError */
  queueSkip: 'queue:skip',
} as const;

export const SERVER_EVENTS = {
  /** to everyone: live queue counts */
  queueCounts: 'queue:counts',
  /** to annotators: new pairs were added */
  queueAvailable: 'queue:available',
  /** to one user: their own progress */
  progressMine: 'progress:mine',
  /** to admins: platform counts */
  adminCounts: 'admin:counts',
  /** to admins: a job's progress (ML issues) */
  jobProgress: 'job:progress',
  /** to admins: a model version was activated (ML issues) */
  modelActivated: 'model:activated',
  /** a payload was rejected outside an ack */
  error: 'error:payload',
} as const;

export const ROOMS = { admins: 'admins', annotators: 'annotators', user: (id: number) => `user:${id}` } as const;

export type Ack<T> = (response: T | ApiError) => void;

export interface ClientToServerEvents {
  'label:submit': (payload: LabelSubmit, ack: Ack<LabelAck>) => void;
  'queue:next': (payload: { count?: number }, ack: Ack<{ assignments: AssignmentView[] }>) => void;
  'queue:skip': (payload: { assignmentId: number }, ack: Ack<{ ok: true }>) => void;
}

export interface JobProgress {
  jobId: number;
  kind: string;
  status: string;
  progress: number;
  metrics?: Record<string, number>;
}

export interface ServerToClientEvents {
  'queue:counts': (counts: QueueCounts) => void;
  'queue:available': (info: { count: number }) => void;
  'progress:mine': (progress: MyProgress) => void;
  'admin:counts': (counts: AdminCounts) => void;
  'job:progress': (progress: JobProgress) => void;
  'model:activated': (info: { kind: 'policy' | 'reward'; id: number; version: number }) => void;
  'error:payload': (error: ApiError) => void;
}
