/** Routes that play hostile or broken feed servers, for the fault tests. */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { Route } from '../fetch/fixture-server.js';

export function rssFeed(title: string, items: Array<{ guid: string; title: string; body?: string }>): string {
  const entries = items.map((it, i) => `<item><title>${it.title}</title><link>https://example.org/${it.guid}</link>
<guid isPermaLink="false">${it.guid}</guid><pubDate>${new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString()}</pubDate>
<description>${it.body ?? `Story ${it.title} told in a few plain words.`}</description></item>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link><description>d</description>
${entries.join('\n')}</channel></rss>`;
}

const send = (status: number, body: string | Buffer, type = 'application/rss+xml'): Route => (_req, res) => {
  res.writeHead(status, { 'content-type': type }).end(body);
};

/** Writes chunk forever (respecting back-pressure) until the client goes away. */
function endless(chunk: Buffer, headers: Record<string, string>): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
    const source = new Readable({ read() { this.push(chunk); } });
    res.on('close', () => source.destroy());
    source.pipe(res);
  };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<rss version="2.0"><channel><title>&lol9;</title><link>https://example.org/</link><description>x</description>
<item><title>&lol9;</title><guid>laugh</guid><description>&lol9;</description></item></channel></rss>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>xxe</title><link>https://example.org/</link><description>x</description>
<item><title>Leak &xxe;</title><guid>xxe-1</guid><description>secret: &xxe;</description></item></channel></rss>`;

const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(64 << 20), { level: 9 });

export function hostileRoutes(): Record<string, Route> {
  const manyItems = rssFeed('many', Array.from({ length: 100_000 }, (_, i) => ({ guid: `m${i}`, title: `Item ${i}`, body: `b ${i}` })));
  return {
    '/good.rss': send(200, rssFeed('good', [{ guid: 'g1', title: 'Harbour reopens' }, { guid: 'g2', title: 'Council budget passes' }])),
    '/never': () => undefined,
    '/slow': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const timer = setInterval(() => res.write('<'), 1000);
      res.on('close', () => clearInterval(timer));
    },
    '/endless': endless(Buffer.from('<item><title>again</title></item>'.repeat(2000)), {}),
    // 64 MB of zeros in about 64 KB: small on the wire, three times the byte cap once inflated.
    '/bomb': (_req, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(GZIP_BOMB); },
    '/loop-a': (_req, res) => { res.writeHead(301, { location: '/loop-b' }).end(); },
    '/loop-b': (_req, res) => { res.writeHead(302, { location: '/loop-a' }).end(); },
    '/error': send(500, 'boom', 'text/plain'),
    '/empty': send(200, ''),
    '/html': send(200, '<!doctype html><html><head><title>Home</title></head><body><p>Welcome to our site.</p></body></html>', 'text/html; charset=utf-8'),
    '/bad-utf8': send(200, badUtf8Feed()),
    '/laughs': send(200, BILLION_LAUGHS),
    '/xxe': send(200, XXE),
    '/many': send(200, manyItems),
    '/big-item': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>big</title><item><title>big</title><description>');
      const chunk = Buffer.alloc(1 << 20, 'a');
      let sent = 0;
      const pump = (): void => {
        while (sent < 50) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('</description></item></channel></rss>');
      };
      res.on('close', () => { sent = 50; });
      pump();
    },
  };
}

/** A feed declared UTF-8 whose title holds bytes that are not UTF-8 (a lone 0xE9 of Latin-1). */
function badUtf8Feed(): Buffer {
  const text = rssFeed('bad', [{ guid: 'u1', title: 'Caf@ opens' }]);
  const [before, after] = text.split('@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from([0xe9, 0xff]), Buffer.from(after)]);
}
