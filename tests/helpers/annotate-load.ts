import type Database from 'better-sqlite3';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import type { ApiClient } from './client';
import { labelFor } from './data';
import { connectSocket, request } from './socket';

/** What a crowd of annotators sent, what the server acknowledged, and what went wrong, for a server that goes away. */
export interface LoadState {
  /** idempotency key → the label and who sent it */
  sent: Map<string, { client: ApiClient; body: ReturnType<typeof labelFor> }>;
  /** keys whose ack (HTTP 200/201, a socket ack without error) arrived */
  acked: Set<string>;
  /**
   * requests refused because the server no longer listens: ECONNREFUSED, or ECONNRESET when the connection was
   * still in the kernel's accept queue as the listener closed (the client cannot tell that from a request cut
   * off mid-way: a test checks that no such label was stored)
   */
  refused: number;
  /** socket disconnect reasons */
  disconnects: string[];
  /** anything else: error statuses, error acks, connections cut mid-request */
  errors: string[];
  /** stop sending */
  stop: boolean;
}

export const newLoadState = (): LoadState => ({ sent: new Map(), acked: new Set(), refused: 0, disconnects: [], errors: [], stop: false });

const next = (client: ApiClient, count: number) =>
  client.route(ROUTES.queueNext, { body: { count } }) as Promise<{ status: number; body: { assignments?: AssignmentView[] } }>;

/** Options of one simulated annotator. */
export interface AnnotatorOptions {
  /** pairs leased per round, then labelled concurrently (more labels in flight at once) [1] */
  batch?: number;
  /** runs right after a round's labels were sent, before their answers (to stop or kill the server then) */
  afterSend?: (state: LoadState) => void;
}

/** One annotator over REST: lease pairs, label them, repeat, until the queue is empty, `state.stop`, or the server is gone. */
export async function restAnnotator(client: ApiClient, name: string, state: LoadState, { batch = 1, afterSend }: AnnotatorOptions = {}): Promise<void> {
  for (let round = 0; !state.stop; round++) {
    let failed = false;
    const fail = (phase: string, err: unknown) => {
      failed = true;
      const code = (err as { code?: string }).code;
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') state.refused++;
      else state.errors.push(`${name} ${phase}: ${code ?? ''} ${(err as Error).message}`);
    };
    let assignments: AssignmentView[];
    try {
      const { status, body } = await next(client, batch);
      if (status !== 200) return void state.errors.push(`${name} next: ${status} ${JSON.stringify(body)}`);
      assignments = body.assignments ?? [];
    } catch (err) {
      return fail('next', err);
    }
    if (assignments.length === 0) return;
    const answers = assignments.map(async (assignment, i) => {
      const label = labelFor(assignment.assignmentId, `${name}-label-${round}-${i}`);
      state.sent.set(label.idempotencyKey, { client, body: label });
      try {
        const response = await client.post<LabelAck>(API.labels, label);
        if (response.status === 201 || response.status === 200) state.acked.add(label.idempotencyKey);
        else state.errors.push(`${name} label: ${response.status} ${response.text}`);
      } catch (err) {
        fail(`label ${label.idempotencyKey}`, err);
      }
    });
    afterSend?.(state);
    await Promise.all(answers);
    if (failed) return;
  }
}

/** One annotator over socket.io (the same loop); a disconnect ends it, its reason is recorded. */
export async function socketAnnotator(client: ApiClient, name: string, state: LoadState, { batch = 1, afterSend }: AnnotatorOptions = {}): Promise<void> {
  const socket = await connectSocket(client);
  let disconnected = false;
  socket.on('disconnect', (reason) => {
    disconnected = true;
    state.disconnects.push(reason);
  });
  // an ack that cannot come because the connection closed is the reconnect case, not an error
  const failed = (what: string) => (err: unknown) => {
    if (!disconnected) state.errors.push(`${name} ${what}: ${(err as Error).message}`);
  };
  try {
    for (let round = 0; !state.stop && !disconnected; round++) {
      const pairs = await request<{ assignments?: AssignmentView[] }>(socket, 'queue:next', { count: batch }).catch(failed('queue:next'));
      if (!pairs) return;
      if (!pairs.assignments) return void state.errors.push(`${name} queue:next: ${JSON.stringify(pairs)}`);
      if (pairs.assignments.length === 0) return;
      const answers = pairs.assignments.map(async (assignment, i) => {
        const label = labelFor(assignment.assignmentId, `${name}-label-${round}-${i}`);
        state.sent.set(label.idempotencyKey, { client, body: label });
        const ack = await request<LabelAck & { error?: unknown }>(socket, 'label:submit', label).catch(failed('label:submit'));
        if (!ack) return;
        if (typeof ack.duplicate === 'boolean') state.acked.add(label.idempotencyKey);
        else state.errors.push(`${name} label:submit: ${JSON.stringify(ack)}`);
      });
      afterSend?.(state);
      await Promise.all(answers);
    }
  } finally {
    socket.close();
  }
}

/** Rows a half-stored label would leave: a label whose assignment is not done, a done assignment without its label, drifting label counts. */
export function orphans(db: Database.Database): Record<string, number> {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    labelsOnUndoneAssignments: count(
      "SELECT count(*) FROM labels l JOIN assignments a ON a.id = l.assignment_id WHERE a.state <> 'done'",
    ),
    doneAssignmentsWithoutLabel: count("SELECT count(*) FROM assignments a WHERE a.state = 'done' AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.assignment_id = a.id)"),
    comparisonsWithWrongLabelCount: count(
      'SELECT count(*) FROM comparisons c WHERE label_count <> (SELECT count(*) FROM labels l WHERE l.comparison_id = c.id)',
    ),
  };
}

export const NO_ORPHANS = { labelsOnUndoneAssignments: 0, doneAssignmentsWithoutLabel: 0, comparisonsWithWrongLabelCount: 0 };
