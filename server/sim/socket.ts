/**
 * One simulated annotator's socket.io connection, opened the way the browser client opens it (client/src/api/
 * socket.ts): after login, authenticated by the session cookie in the handshake.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { ApiError } from '../../shared/schemas/common';
import { type Credentials, retryAfterOf, SimApiError } from './http';

export type SimSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves once connected; rejects with the connect_error (e.g. "unauthorized") or after timeoutMs. */
export function connectAnnotatorSocket(baseUrl: string, credentials: Credentials, timeoutMs = 10_000): Promise<SimSocket> {
  const socket: SimSocket = io(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    extraHeaders: credentials.cookie ? { cookie: credentials.cookie } : {},
    auth: credentials.token ? { token: credentials.token } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits a client event with an ack; resolves with the answer, throws SimApiError on an {error} ack or a timeout. */
export async function ask<T>(socket: SimSocket, event: keyof ClientToServerEvents, payload: unknown, timeoutMs = 10_000): Promise<T> {
  const emit = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<T | ApiError> };
  let reply: T | ApiError;
  try {
    reply = await emit.emitWithAck(event, payload);
  } catch {
    throw new SimApiError(0, 'ack_timeout', `${event}: no answer within ${timeoutMs} ms`);
  }
  const error = (reply as Partial<ApiError>).error;
  if (error) throw new SimApiError(0, error.code, `${event}: ${error.message}`, retryAfterOf(error.details));
  return reply as T;
}
