import type { z } from 'zod';
import { CLIENT_EVENT_SPECS, type ClientEventSpec, SERVER_EVENTS } from '../../shared/events';
import type { PublicUser } from '../../shared/schemas/auth';
import { identify } from '../auth/identify';
import { authSettingsOf } from '../auth/settings';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError, toApiError, zodDetails } from '../errors';
import { CHECK_RESPONSES } from '../http/contract';
import { parse } from '../http/validate';
import { submitAndLease } from '../labels/submit-and-lease';
import type { QueueAction } from '../queue/limits';
import { nextAssignments } from '../queue/next';
import { skipAssignment } from '../queue/skip';
import type { IoSocket } from './types';

/**
 * Client → server events, for the user the handshake authenticated. Before each event the socket's own
 * credentials are checked again (one indexed row read: a session logged out, expired or cut by a password
 * change, or a revoked token, ends the socket with an `unauthorized` answer; disabling a user or changing
 * their role disconnects their sockets at once: LiveUpdates.accessChanged). Each socket has a rate limit
 * for all its events, and each action one per user shared with the HTTP routes (server/queue/limits.ts).
 * Each payload is parsed with its event's schema in shared/events.ts (the same schema as the matching HTTP
 * route's body); the answer (result or {error}) goes through the ack. Nothing a client sends can throw out
 * of a handler: a bad payload, a missing ack or a service error all end as an error ack, or an
 * error:payload event when there is no ack to call.
 */
export function registerHandlers(socket: IoSocket, ctx: AppContext): void {
  const events = CLIENT_EVENT_SPECS;
  handle(socket, ctx, events.labelSubmit, 'submit', (user, label) => submitAndLease(ctx, user.id, label));
  handle(socket, ctx, events.queueNext, 'next', async (user, { count }) => ({ assignments: await nextAssignments(ctx, user.id, count) }));
  handle(socket, ctx, events.queueSkip, 'skip', (user, { assignmentId }) => skipAssignment(ctx, user.id, assignmentId));
}

function handle<E extends ClientEventSpec>(
  socket: IoSocket,
  ctx: AppContext,
  event: E,
  action: QueueAction,
  run: (user: PublicUser, payload: z.output<E['payload']>) => Promise<z.input<E['ack']>>,
): void {
  const limiter = ctx.queueLimiter;
  // The typed `on` cannot take a handler for arbitrary arguments; what arrives is untrusted anyway.
  (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event.name, (...args) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (reply: unknown) => void) : undefined;
    void answer(socket, ctx, event.name, ack, async () => {
      limiter.socket(socket.id);
      const user = stillAuthorised(socket, ctx);
      const payload = parse<E['payload']>(event.payload, args[0] ?? {});
      limiter.user(user.id, action);
      const result = await run(user, payload);
      const checked = CHECK_RESPONSES ? event.ack.safeParse(result) : undefined;
      if (checked?.error) throw new Error(`${event.name}: ack does not match the contract: ${JSON.stringify(zodDetails(checked.error))}`);
      return result;
    });
  });
}

/** The socket's user, if the session or token it connected with still names them (same role); else 401 unauthorized. */
function stillAuthorised(socket: IoSocket, ctx: AppContext): PublicUser {
  const user = identify(ctx.store, socket.data.credentials, isoAt(ctx.clock()), authSettingsOf(ctx));
  // A changed role also ends the socket: its rooms (admins) were chosen at connect time.
  if (!user || user.id !== socket.data.user.id || user.role !== socket.data.user.role) {
    throw new HttpError(401, 'unauthorized', 'Your session ended; log in again');
  }
  return user;
}

/** Runs the handler and answers through the ack (or error:payload); never throws, never rejects. An `unauthorized` answer ends the socket. */
async function answer(socket: IoSocket, ctx: AppContext, event: string, ack: ((reply: unknown) => void) | undefined, work: () => Promise<unknown>) {
  let reply: unknown;
  let failed = false;
  let status = 200;
  try {
    reply = await work();
  } catch (err) {
    const error = toApiError(err);
    if (error.status >= 500) ctx.log.error(`socket ${event} failed`, err);
    reply = error.body;
    status = error.status;
    failed = true;
  }
  try {
    if (ack) ack(reply);
    else if (failed) socket.emit(SERVER_EVENTS.error, reply as never);
    if (status === 401) socket.disconnect(true);
  } catch (err) {
    ctx.log.error(`socket ${event}: answering failed`, err);
  }
}
