import type { z } from 'zod';
import { CLIENT_EVENT_SPECS, type ClientEventSpec, SERVER_EVENTS } from '../../shared/events';
import type { PublicUser } from '../../shared/schemas/auth';
import type { AppContext } from '../context';
import { toApiError, zodDetails } from '../errors';
import { CHECK_RESPONSES } from '../http/contract';
import { parse } from '../http/validate';
import { submitLabel } from '../labels/submit';
import { nextAssignments } from '../queue/next';
import { skipAssignment } from '../queue/skip';
import type { IoSocket } from './types';

/**
 * Client → server events, for the user the handshake authenticated (disabling a user or changing their
 * role disconnects their sockets at once: LiveUpdates.accessChanged). Each payload is parsed with its event's
 * schema in shared/events.ts (the same schema as the matching HTTP route's body); the answer (result or {error})
 * goes through the ack. Nothing a client sends can throw out of a handler: a bad
 * payload, a missing ack or a service error all end as an error ack, or an error:payload event when
 * there is no ack to call.
 */
export function registerHandlers(socket: IoSocket, ctx: AppContext): void {
  const events = CLIENT_EVENT_SPECS;
  handle(socket, ctx, events.labelSubmit, (user, label) => submitLabel(ctx, user.id, label));
  handle(socket, ctx, events.queueNext, async (user, { count }) => ({ assignments: await nextAssignments(ctx, user.id, count) }));
  handle(socket, ctx, events.queueSkip, (user, { assignmentId }) => skipAssignment(ctx, user.id, assignmentId));
}

function handle<E extends ClientEventSpec>(
  socket: IoSocket,
  ctx: AppContext,
  event: E,
  run: (user: PublicUser, payload: z.output<E['payload']>) => Promise<z.input<E['ack']>>,
): void {
  // The typed `on` cannot take a handler for arbitrary arguments; what arrives is untrusted anyway.
  (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event.name, (...args) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: unknown) => void) : undefined;
    void answer(socket, ctx, event.name, ack, async () => {
      const result = await run(socket.data.user, parse<E['payload']>(event.payload, args[0] ?? {}));
      const checked = CHECK_RESPONSES ? event.ack.safeParse(result) : undefined;
      if (checked?.error) throw new Error(`${event.name}: ack does not match the contract: ${JSON.stringify(zodDetails(checked.error))}`);
      return result;
    });
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
