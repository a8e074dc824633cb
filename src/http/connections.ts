/**
 * Which sockets are answering a request right now. At shutdown the others go at once: idle
 * keep-alive sockets, and clients that connected or began a request but never finished sending it
 * (Node counts those as busy, so `server.close()` would wait for them until its own timeouts).
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionTracker {
  /** Destroys every socket that has no request being answered; returns how many. */
  closeUnanswered(): number;
}

export function trackConnections(server: Server): ConnectionTracker {
  const answering = new Map<Socket, number>();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      answering.delete(socket);
    });
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (answering.get(socket) ?? 1) - 1;
      if (left > 0) answering.set(socket, left);
      else answering.delete(socket);
    });
  });
  return {
    closeUnanswered() {
      let closed = 0;
      for (const socket of sockets) {
        if (answering.has(socket)) continue;
        socket.destroy();
        closed += 1;
      }
      return closed;
    },
  };
}
