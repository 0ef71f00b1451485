import type { z } from 'zod';
import { CLIENT_EVENTS, SERVER_EVENTS } from '../../shared/events';
import type { PublicUser } from '../../shared/schemas/auth';
import { LabelSubmitSchema, SkipRequestSchema } from '../../shared/schemas/labels';
import { NextPairsQuerySchema } from '../../shared/schemas/queue';
import type { AppContext } from '../context';
import { toApiError } from '../errors';
import { parse } from '../http/validate';
import { submitLabel } from '../labels/submit';
import { nextAssignments } from '../queue/next';
import { skipAssignment } from '../queue/skip';
import type { IoSocket } from './types';

/**
 * Client → server events, for the user the handshake authenticated (disabling a user or changing their
 * role disconnects their sockets at once: LiveUpdates.accessChanged). Each payload is parsed with the same zod schema as its HTTP route; the answer
 * (result or {error}) goes through the ack. Nothing a client sends can throw out of a handler: a bad
 * payload, a missing ack or a service error all end as an error ack, or an error:payload event when
 * there is no ack to call.
 */
export function registerHandlers(socket: IoSocket, ctx: AppContext): void {
  handle(socket, ctx, CLIENT_EVENTS.labelSubmit, LabelSubmitSchema, (user, label) => submitLabel(ctx, user.id, label));
  handle(socket, ctx, CLIENT_EVENTS.queueNext, NextPairsQuerySchema, async (user, { count }) => ({
    assignments: await nextAssignments(ctx, user.id, count),
  }));
  handle(socket, ctx, CLIENT_EVENTS.queueSkip, SkipRequestSchema, (user, { assignmentId }) =>
    skipAssignment(ctx, user.id, assignmentId),
  );
}

function handle<S extends z.ZodType>(
  socket: IoSocket,
  ctx: AppContext,
  event: string,
  schema: S,
  run: (user: PublicUser, payload: z.output<S>) => Promise<unknown>,
): void {
  // The typed `on` cannot take a handler for arbitrary arguments; what arrives is untrusted anyway.
  (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event, (...args) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: unknown) => void) : undefined;
    void answer(socket, ctx, event, ack, () => run(socket.data.user, parse(schema, args[0] ?? {})));
  });
}

/** Runs the handler and answers through the ack (or error:payload); never throws, never rejects. */
async function answer(socket: IoSocket, ctx: AppContext, event: string, ack: ((reply: unknown) => void) | undefined, work: () => Promise<unknown>) {
  let reply: unknown;
  let failed = false;
  try {
    reply = await work();
  } catch (err) {
    const { status, body } = toApiError(err);
    if (status >= 500) ctx.log.error(`socket ${event} failed`, err);
    reply = body;
    failed = true;
  }
  try {
    if (ack) ack(reply);
    else if (failed) socket.emit(SERVER_EVENTS.error, reply as never);
  } catch (err) {
    ctx.log.error(`socket ${event}: answering failed`, err);
  }
}
