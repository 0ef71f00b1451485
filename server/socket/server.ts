import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { ROOMS } from '../../shared/events';
import { identify } from '../auth/identify';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { registerHandlers } from './handlers';
import type { LiveBroadcaster } from './live';
import type { IoServer } from './types';

/**
 * socket.io on the HTTP server. The handshake must carry a session cookie or a bearer token
 * (`auth: {token}`); anything else is refused with a connect_error "unauthorized".
 */
export function attachSocket(httpServer: HttpServer, ctx: AppContext, live: LiveBroadcaster): IoServer {
  const io: IoServer = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 256 * 1024 });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    const cookie = socket.request.headers.cookie;
    const user = identify(ctx.store, { cookie, bearer: token ?? socket.request.headers.authorization }, isoAt(ctx.clock()));
    if (!user) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', message: 'Log in first' };
      return next(err);
    }
    socket.data.user = user;
    next();
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    socket.join([ROOMS.user(user.id), ROOMS.annotators, ...(user.role === 'admin' ? [ROOMS.admins] : [])]);
    registerHandlers(socket, ctx);
    try {
      live.greet(socket, user);
    } catch (err) {
      ctx.log.error('socket greeting failed', err);
    }
  });

  return io;
}
