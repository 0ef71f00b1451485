import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { PublicUser } from '../../shared/schemas/auth';

// biome-ignore lint/complexity/noBannedTypes: socket.io's "no inter-server events"
type NoInterServerEvents = {};
export interface SocketData {
  user: PublicUser;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, NoInterServerEvents, SocketData>;
