/** Autodiscovery: a source URL pointing at an HTML page that links its feed reads that feed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import { interpretDocument } from '../../src/ingest/interpret.js';
import type { InterpretOptions } from '../../src/ingest/interpret.js';
import { createPageSupport } from '../../src/ingest/page-loader.js';
import { startFixtureServer } from '../fetch/fixture-server.js';
import type { FixtureServer, Route } from '../fetch/fixture-server.js';

const LIMITS = { timeoutMs: 5000, maxBytes: 1024 * 1024 };
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Discovered</title><link>/</link>
<item><title>Found through the page</title><link>/story</link></item></channel></rss>`;
const ATOM = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Discovered Atom</title>
<entry><title>Atom entry</title><id>urn:x:1</id><link href="/atom-story"/></entry></feed>`;

function page(links: string): string {
  return `<!doctype html><html><head><title>Home</title>${links}</head><body><p>Welcome</p></body></html>`;
}

let server: FixtureServer;

beforeAll(async () => {
  const send = (type: string, body: string): Route => (_req, res) => void res.writeHead(200, { 'content-type': type }).end(body);
  server = await startFixtureServer({
    '/': send('text/html', page('<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">')),
    '/both': send('text/html', page('<link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="alternate" type="application/atom+xml" href="/feed.atom">')),
    '/loop': send('text/html', page('<link rel="alternate" type="application/rss+xml" href="/loop">')),
    '/feed.xml': send('application/rss+xml', RSS),
    '/feed.atom': send('application/atom+xml', ATOM),
  });
});

afterAll(async () => {
  await server.close();
});

async function interpret(path: string, options: InterpretOptions) {
  const pages = createPageSupport({ limits: LIMITS, throttle: (_u, fn) => fn(), cache: null, now: () => new Date() });
  return interpretDocument(await fetchResource(server.url(path), LIMITS), { pages, ...options });
}

describe('autodiscovery', () => {
  it('follows the feed an HTML page links with rel="alternate", resolving its links against the feed URL', async () => {
    const { meta, items } = await interpret('/', { type: 'auto' });
    expect(meta.title).toBe('Discovered');
    expect(items.map((i) => i.item.url)).toEqual([server.url('/story')]);
  });

  it('prefers the feed of the configured type when the page links several', async () => {
    const { meta } = await interpret('/both', { type: 'atom' });
    expect(meta.title).toBe('Discovered Atom');
  });

  it('follows at most one hop, so a page that links itself fails instead of looping', async () => {
    await expect(interpret('/loop', { type: 'auto' })).rejects.toMatchObject({ code: 'PARSE_UNKNOWN_FORMAT' });
    expect(server.requests.filter((r) => r.path === '/loop')).toHaveLength(2);
  });

  it('does not follow feed links for sources of type "html"', async () => {
    const before = server.requests.filter((r) => r.path === '/feed.xml').length;
    await interpret('/', { type: 'html' }).catch(() => null);
    expect(server.requests.filter((r) => r.path === '/feed.xml')).toHaveLength(before);
  });
});
