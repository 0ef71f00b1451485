/**
 * The one socket.io connection. Same origin, authenticated by the session cookie, so it is opened after
 * login and closed at logout (a new cookie needs a new handshake). Components never touch the socket:
 * they subscribe to server events through `subscribe` (usually via the useServerEvent hook).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ServerEventName = keyof ServerToClientEvents;
type Handler<E extends ServerEventName> = ServerToClientEvents[E];

let socket: ClientSocket | null = null;
const connectListeners = new Set<() => void>();

export function connectSocket(): void {
  if (socket) return;
  socket = io({ withCredentials: true, transports: ['websocket', 'polling'] });
  socket.on('connect', () => {
    for (const listener of connectListeners) listener();
  });
}

export function disconnectSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Listen to one server event; returns the unsubscribe function. Safe to call before connectSocket. */
export function subscribe<E extends ServerEventName>(event: E, handler: Handler<E>): () => void {
  connectSocket();
  const current = socket as ClientSocket;
  // socket.io's typed `on` cannot relate a generic E to its overloads; the signature above keeps callers typed.
  (current.on as (event: string, handler: unknown) => void)(event, handler);
  return () => (current.off as (event: string, handler: unknown) => void)(event, handler);
}

/** Called on every (re)connect: a moment to refetch what may have changed while offline. */
export function onSocketConnect(listener: () => void): () => void {
  connectListeners.add(listener);
  return () => connectListeners.delete(listener);
}
