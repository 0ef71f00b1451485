import type { Server as HttpServer } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** A connection that has sent no request for this long is an idle pre-connect, not a request on its way. */
const FRESH_MS = 1000;

/**
 * Follows the HTTP requests in flight (socket.io's own requests excepted: attach before socket.io does, which
 * then only passes the app's requests on), so a graceful stop can wait for them. Once draining, the listener is
 * closed (new connections are refused) and every answer carries `Connection: close`, so each connection closes
 * after its answer.
 *
 * Not http.Server.close(): it also destroys the "idle" connections, and a connection accepted a moment ago whose
 * request has not been read yet counts as idle: its client would see a reset instead of an answer. Such fresh
 * connections are waited for like requests in flight.
 */
export function trackRequests(server: HttpServer) {
  let inFlight = 0;
  let draining = false;
  const fresh = new Map<Socket, number>(); // accepted, no request read yet → when
  server.on('connection', (socket: Socket) => {
    fresh.set(socket, Date.now());
    socket.once('close', () => fresh.delete(socket));
  });
  server.on('upgrade', (req) => fresh.delete(req.socket));
  server.on('request', (req, res) => {
    fresh.delete(req.socket);
    inFlight++;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => inFlight--);
  });
  return {
    /** requests being answered, plus connections accepted in the last second that have not sent theirs yet */
    get inFlight(): number {
      const since = Date.now() - FRESH_MS;
      let arriving = 0;
      for (const at of fresh.values()) if (at > since) arriving++;
      return inFlight + arriving;
    },
    drain(): void {
      draining = true;
      NetServer.prototype.close.call(server); // the listening socket only
    },
  };
}

/** Resolves true once `done()` holds (checked every `everyMs`, first after one turn of the event loop), or false after `timeoutMs`. */
export function waitUntil(done: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if (done()) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      setTimeout(check, everyMs);
    };
    setTimeout(check, 0);
  });
}
