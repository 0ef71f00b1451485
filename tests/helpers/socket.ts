import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { ApiClient } from './client';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const received = new WeakMap<TestSocket, [string, unknown][]>();

/** Every server event this socket got since it was created, in order. */
export const receivedEvents = (socket: TestSocket): [string, unknown][] => received.get(socket) ?? [];

/** Connects with the client's session cookie (or bearer token); rejects with the connect_error. */
export function connectSocket(client: ApiClient, options: { token?: string } = {}): Promise<TestSocket> {
  const socket: TestSocket = io(client.baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: client.cookie ? { cookie: client.cookie } : {},
    auth: options.token ? { token: options.token } : client.bearer ? { token: client.bearer } : {},
  });
  const log: [string, unknown][] = [];
  received.set(socket, log);
  socket.onAny((event: string, payload: unknown) => log.push([event, payload]));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an ack and resolves with the ack's argument. */
export function request<T = unknown>(socket: TestSocket, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<T> }).emitWithAck(event, payload);
}

/** The next occurrence of a server event. */
export function nextEvent<T = unknown>(socket: TestSocket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    (socket as unknown as { once(event: string, fn: (value: T) => void): void }).once(event, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Sockets a test opens, closed together (in afterEach): `open` takes connectSocket's arguments. */
export function socketPool() {
  const sockets: TestSocket[] = [];
  return {
    async open(...args: Parameters<typeof connectSocket>): Promise<TestSocket> {
      const socket = await connectSocket(...args);
      sockets.push(socket);
      return socket;
    },
    closeAll(): void {
      for (const s of sockets.splice(0)) s.close();
    },
  };
}
