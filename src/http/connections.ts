/**
 * Which sockets are answering a request right now. At shutdown the others go at once: idle
 * keep-alive sockets, and clients that connected or began a request but never finished sending it
 * (Node counts those as busy, so `server.close()` would wait for them until its own timeouts).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Destroys every socket that has no request being answered; returns how many. */
  closeUnanswered(): number;
}

export function trackConnections(server: Server): ConnectionTracker {
  // The latest response of each socket: responses on one socket finish in order, so the socket is
  // answering exactly while that one has not finished. One map write per request, no listener.
  const latest = new Map<Socket, ServerResponse | null>();
  server.on('connection', (socket: Socket) => {
    latest.set(socket, null);
    socket.once('close', () => latest.delete(socket));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    latest.set(req.socket, res);
  });
  return {
    closeUnanswered() {
      let closed = 0;
      for (const [socket, res] of latest) {
        if (res !== null && !res.writableFinished && !res.destroyed) continue;
        socket.destroy();
        closed += 1;
      }
      return closed;
    },
  };
}
