/** A WebSub hub stand-in on 127.0.0.1: records every POST body it receives and answers 202. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubPing {
  contentType: string | undefined;
  mode: string | null;
  urls: string[];
}

export interface HubStub {
  url: string;
  pings: HubPing[];
  /** Status to answer with (202 by default). */
  status: number;
  close(): Promise<void>;
}

export async function startHubStub(): Promise<HubStub> {
  const pings: HubPing[] = [];
  const stub = { pings, status: 202 } as HubStub;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (req.method === 'POST') pings.push({ contentType: req.headers['content-type'], mode: form.get('hub.mode'), urls: form.getAll('hub.url') });
      res.writeHead(stub.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  stub.close = () => new Promise((resolve) => server.close(() => resolve()));
  return stub;
}
