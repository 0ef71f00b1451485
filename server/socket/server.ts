import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { ROOMS } from '../../shared/events';
import { identify } from '../auth/identify';
import { authSettingsOf } from '../auth/settings';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { allowedOrigins, originAllowed } from '../http/origin';
import { registerHandlers } from './handlers';
import type { LiveBroadcaster } from './live';
import { sessionRoomOf } from './rooms';
import type { IoServer } from './types';

/**
 * socket.io on the HTTP server. The handshake must carry a session cookie or a bearer token
 * (`auth: {token}`); anything else is refused with a connect_error "unauthorized". A handshake from a foreign
 * Origin is refused before that (HTTP 403 from engine.io, code "forbidden_origin").
 */
export function attachSocket(httpServer: HttpServer, ctx: AppContext, live: LiveBroadcaster): IoServer {
  const origins = allowedOrigins();
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    // Cross-site WebSocket hijacking: a page elsewhere cannot open a socket that rides the session cookie.
    allowRequest: (req, done) => {
      const allowed = originAllowed(req.headers, origins);
      done(allowed ? null : 'forbidden_origin', allowed);
    },
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    const credentials = { cookie: socket.request.headers.cookie, bearer: token ?? socket.request.headers.authorization };
    const user = identify(ctx.store, credentials, isoAt(ctx.clock()), authSettingsOf(ctx));
    if (!user) {
      const err = new Error('unauthorized') as Error & { data?: unknown };
      err.data = { code: 'unauthorized', message: 'Log in first' };
      return next(err);
    }
    socket.data.user = user;
    socket.data.credentials = credentials;
    next();
  });

  io.on('connection', (socket) => {
    const { user } = socket.data;
    const rooms = [ROOMS.user(user.id), ROOMS.annotators, ...(user.role === 'admin' ? [ROOMS.admins] : [])];
    socket.join([...rooms, ...sessionRoomOf(socket.data.credentials.cookie)]);
    registerHandlers(socket, ctx);
    socket.on('disconnect', () => ctx.queueLimiter.socketClosed(socket.id));
    try {
      live.greet(socket, user);
    } catch (err) {
      ctx.log.error('socket greeting failed', err);
    }
  });

  return io;
}
