/** A real HTTP server on 127.0.0.1 (port 0) whose routes play the misbehaving feed servers. */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchResource, type FetchOptions } from '../../src/fetch/fetch-resource.js';
import { WiredeskError } from '../../src/model/errors.js';

export type Route = (req: IncomingMessage, res: ServerResponse, server: FixtureServer) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FixtureServer {
  /** `http://127.0.0.1:PORT` */
  base: string;
  url(path: string): string;
  requests: RecordedRequest[];
  /** Requests being answered right now, and the most seen at once. */
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

/** `host` may be another loopback address (127.0.0.2) to play a different machine. */
export async function startFixtureServer(routes: Record<string, Route>, host = '127.0.0.1'): Promise<FixtureServer> {
  const httpServer = http.createServer();
  const fixture: FixtureServer = {
    base: '',
    url: (path) => `${fixture.base}${path}`,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    close: () =>
      new Promise((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    fixture.requests.push({ path, headers: req.headers });
    fixture.inFlight += 1;
    fixture.maxInFlight = Math.max(fixture.maxInFlight, fixture.inFlight);
    res.on('close', () => {
      fixture.inFlight -= 1;
    });
    const route = routes[path.split('?')[0] ?? path];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
      return;
    }
    route(req, res, fixture);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  fixture.base = `http://${host}:${port}`;
  return fixture;
}

/** The last recorded request to a path (what the client actually sent). */
export function lastRequestTo(server: FixtureServer, path: string): RecordedRequest | undefined {
  return server.requests.filter((r) => r.path === path).at(-1);
}

/** The WiredeskError a fetch fails with (the test fails if it succeeds or throws something else). */
export async function fetchFailure(url: string, options: FetchOptions): Promise<WiredeskError> {
  const err = await fetchResource(url, options).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof WiredeskError)) throw new Error(`expected a WiredeskError, got ${String(err)}`);
  return err;
}
