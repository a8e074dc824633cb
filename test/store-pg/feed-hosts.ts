/**
 * A feed server answering on several loopback addresses (distinct hosts to wiredesk), counting
 * requests per path and requests in flight per host, so tests can check what every process did.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedHosts {
  /** Base URL per address, e.g. http://127.0.0.2:41234 */
  bases: string[];
  fetches: Map<string, number>;
  maxInFlight: Map<string, number>;
  close(): Promise<void>;
}

export interface FeedHostsOptions {
  addresses: string[];
  delayMs: (path: string) => number;
  /** Paths whose first request never gets an answer (a worker killed mid-fetch). */
  hangFirst?: Set<string>;
}

export function feedXml(path: string, items: number): string {
  const entries = Array.from({ length: items }, (_, i) => `<item><title>Story ${i} of ${path}</title>
    <link>https://news.example/${encodeURIComponent(path)}/${i}</link><guid>${path}#${i}</guid>
    <pubDate>${new Date(Date.now() - (i + 1) * 3_600_000).toUTCString()}</pubDate>
    <description>Paragraph ${i} about ${path}, distinct words ${path.replace(/\W/g, ' ')} number ${i}.</description></item>`).join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${path}</title><link>https://news.example/</link>
    ${entries}</channel></rss>`;
}

export async function startFeedHosts(options: FeedHostsOptions): Promise<FeedHosts> {
  const fetches = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const hanging: ServerResponse[] = [];
  const handler = (host: string) => (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    const seen = (fetches.get(path) ?? 0) + 1;
    fetches.set(path, seen);
    const now = (inFlight.get(host) ?? 0) + 1;
    inFlight.set(host, now);
    maxInFlight.set(host, Math.max(maxInFlight.get(host) ?? 0, now));
    const finish = (): void => void inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
    if (seen === 1 && options.hangFirst?.has(path)) {
      hanging.push(res);
      res.on('close', finish);
      return;
    }
    setTimeout(() => {
      finish();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feedXml(path, 2));
    }, options.delayMs(path));
  };
  const servers: Server[] = [];
  const bases: string[] = [];
  for (const address of options.addresses) {
    const server = createServer(handler(address));
    server.listen(0, address);
    await once(server, 'listening');
    servers.push(server);
    bases.push(`http://${address}:${(server.address() as AddressInfo).port}`);
  }
  return {
    bases, fetches, maxInFlight,
    close: async () => {
      for (const res of hanging) res.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => {
        s.closeAllConnections();
        s.close(r);
      })));
    },
  };
}
