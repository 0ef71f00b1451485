import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { PublicUser } from '../../shared/schemas/auth';
import type { Credentials } from '../auth/identify';

// biome-ignore lint/complexity/noBannedTypes: socket.io's "no inter-server events"
type NoInterServerEvents = {};
export interface SocketData {
  user: PublicUser;
  /** what the handshake authenticated with, checked again before every event (a logout ends the socket) */
  credentials: Credentials;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
