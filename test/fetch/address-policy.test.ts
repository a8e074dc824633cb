/**
 * Content cannot send wiredesk inside: a "remote" partner on 127.0.0.2 serves feeds and pages whose
 * links, redirects and advertised feeds point at an "internal" server on 127.0.0.1 that must never
 * be asked anything. The remote's own origin (what the operator configured) stays reachable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { createAddressPolicy, inNetwork, whyRefused } from '../../src/fetch/address-policy.js';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { fetchFailure, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

const SECRET = 'internal-only secret text that must never be republished';
const ARTICLE = (text: string) => `<html><head><title>Article</title></head><body><article><h1>Un titre assez long pour un article</h1>
<p class="date">17 avril 2024</p><div class="body"><p>${text} ${'Un paragraphe de texte suffisamment long. '.repeat(12)}</p></div></article></body></html>`;
const html = (body: string) => (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/html' }).end(body);
const rss = (body: string) => (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
const redirect = (to: () => string) => (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(302, { location: to() }).end();

let internal: FixtureServer;
let remote: FixtureServer;
let otherPort: FixtureServer;
/** What the remote's changing routes answer, set by each test. */
const served: Record<string, string> = {};

const internalPort = () => new URL(internal.base).port;
const feedLinkingTo = (links: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Remote</title><link>${remote.base}/</link>
${links.map((l, i) => `<item><title>Item ${i}</title><link>${l}</link><guid>g-${i}</guid><description>Short summary ${i}.</description></item>`).join('\n')}
</channel></rss>`;

beforeAll(async () => {
  const feed = rss(`<?xml version="1.0"?><rss version="2.0"><channel><title>Internal</title><item><title>Internal item</title><guid>i-1</guid><description>${SECRET}</description></item></channel></rss>`);
  internal = await startFixtureServer({ '/secret': html(ARTICLE(SECRET)), '/metrics': html(ARTICLE(SECRET)), '/feed.rss': feed });
  otherPort = await startFixtureServer({ '/news/2024/04/other-port-article-page': html(ARTICLE(SECRET)) }, '127.0.0.2');
  remote = await startFixtureServer({
    '/ok-article': html(ARTICLE('Remote article text from the partner itself.')),
    '/to-internal': redirect(() => `${internal.base}/secret`),
    '/spellings.rss': (req, res) => rss(served['/spellings.rss'] ?? '')(req, res),
    '/page-with-feed': (req, res) => html(served['/page-with-feed'] ?? '')(req, res),
    '/listing': (req, res) => html(served['/listing'] ?? '')(req, res),
  }, '127.0.0.2');
});
afterAll(async () => Promise.all([internal.close(), remote.close(), otherPort.close()]));

const LIMITS = { timeoutMs: 5000, maxBytes: 1 << 20 };
const configFor = (dbPath: string, sources: object[], fetch: object = {}): LoadedConfig =>
  parseConfigText(JSON.stringify({ database: dbPath, fetch, sources, feeds: [] }), '/tmp/feeds.config.json');

describe('the address policy of content-driven fetches', () => {
  it('refuses every spelling of an internal address and never connects to it', async () => {
    const policy = createAddressPolicy(`${remote.base}/feed`);
    const port = internalPort();
    const spellings = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `2130706433:${port}`, `0x7f.1:${port}`,
      `0177.0.0.1:${port}`, `[::ffff:127.0.0.1]:${port}`, `[0:0:0:0:0:ffff:7f00:1]:${port}`, `127.1:${port}`];
    for (const hostPort of spellings) {
      const err = await fetchFailure(`http://${hostPort}/secret`, { ...LIMITS, policy });
      expect(err.code, hostPort).toBe('FETCH_FORBIDDEN');
    }
    expect(internal.requests).toHaveLength(0);
  });

  it('checks every redirect hop, and lets the operator allow a network', async () => {
    const policy = createAddressPolicy(`${remote.base}/feed`);
    const err = await fetchFailure(remote.url('/to-internal'), { ...LIMITS, policy });
    expect(err.code).toBe('FETCH_FORBIDDEN');
    expect(err.message).toContain('fetch.allowPrivateNetworks');
    expect(internal.requests).toHaveLength(0);
    const allowed = await fetchResource(remote.url('/to-internal'), { ...LIMITS, policy: createAddressPolicy(`${remote.base}/feed`, ['127.0.0.1/32']) });
    expect(allowed.body.toString()).toContain(SECRET);
    internal.requests.length = 0;
  });

  it('lets a source reach its own configured origin, but not another port of the same host', async () => {
    const policy = createAddressPolicy(`${remote.base}/feed`);
    const own = await fetchResource(remote.url('/ok-article'), { ...LIMITS, policy });
    expect(own.status).toBe(200);
    const err = await fetchFailure(otherPort.url('/news/2024/04/other-port-article-page'), { ...LIMITS, policy });
    expect(err.code).toBe('FETCH_FORBIDDEN');
    expect(otherPort.requests).toHaveLength(0);
  });

  it('judges addresses by their bytes, whatever the notation', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:7f00:1', '::ffff:10.0.0.1', 'fe80::1', 'fd12:3456::1', '169.254.169.254', '0.0.0.0', '::', '192.168.1.1', '172.16.5.4', '64:ff9b::a00:1']) {
      expect(whyRefused(address, false), address).not.toBeNull();
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', '172.32.0.1', '8.8.8.8']) expect(whyRefused(address, false), address).toBeNull();
    expect(inNetwork('::ffff:10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inNetwork('10.1.2.3', '192.168.0.0/16')).toBe(false);
    expect(whyRefused('fd00::5', ['fd00::/8'])).toBeNull();
  });
});

describe('ingest with a hostile remote source', () => {
  it('never republishes an internal page that a full-text feed links to', async () => {
    const port = internalPort();
    const links = [`http://127.0.0.1:${port}/secret`, `http://localhost:${port}/metrics`, `http://[::1]:${port}/secret`,
      `http://2130706433:${port}/secret`, `http://0x7f.1:${port}/metrics`, remote.url('/to-internal'), remote.url('/ok-article')];
    served['/spellings.rss'] = feedLinkingTo(links);
    const { store, path } = tempStore();
    await runIngest(configFor(path, [{ id: 'remote', url: remote.url('/spellings.rss'), kind: 'partner', fullText: true }]), store, silentLogger(), { all: true });
    const stored = store.items.candidates({ sourceIds: ['remote'], since: null, limit: 100 });
    expect(stored).toHaveLength(links.length);
    expect(stored.some((i) => (i.contentHtml ?? '').includes(SECRET) || i.contentText.includes(SECRET))).toBe(false);
    expect(stored.some((i) => i.contentText.includes('Remote article text from the partner itself'))).toBe(true);
    expect(internal.requests).toHaveLength(0);
    store.close();
  });

  it('does not follow a remote page whose advertised feed is internal', async () => {
    served['/page-with-feed'] = `<html><head><link rel="alternate" type="application/rss+xml" href="${internal.base}/feed.rss"></head><body>x</body></html>`;
    const { store, path } = tempStore();
    await runIngest(configFor(path, [{ id: 'remote', url: remote.url('/page-with-feed'), kind: 'partner' }]), store, silentLogger(), { all: true });
    expect(store.sources.get('remote')?.lastErrorCode).toBe('FETCH_FORBIDDEN');
    expect(internal.requests).toHaveLength(0);
    store.close();
  });

  it('reads an internal network the operator allowed for that source', async () => {
    served['/page-with-feed'] = `<html><head><link rel="alternate" type="application/rss+xml" href="${internal.base}/feed.rss"></head><body>x</body></html>`;
    const { store, path } = tempStore();
    const source = { id: 'remote', url: remote.url('/page-with-feed'), kind: 'partner', allowPrivateNetworks: ['127.0.0.1'] };
    await runIngest(configFor(path, [source]), store, silentLogger(), { all: true });
    expect(internal.requests.map((r) => r.path)).toEqual(['/feed.rss']);
    expect(store.items.candidates({ sourceIds: ['remote'], since: null, limit: 10 }).map((i) => i.contentText)).toEqual([SECRET]);
    internal.requests.length = 0;
    store.close();
  });

  it('reads no article of a listing that links to another port of its host', async () => {
    const links = [otherPort.url('/news/2024/04/other-port-article-page'), `${internal.base}/secret`];
    served['/listing'] = `<html><body>${links.map((l) => `<article><h2><a href="${l}">Un titre de plus de trente caractères ici</a></h2></article>`).join('')}</body></html>`;
    const { store, path } = tempStore();
    await runIngest(configFor(path, [{ id: 'listing', url: remote.url('/listing'), kind: 'partner', type: 'html', scrape: { links: 'article h2 a' } }]), store, silentLogger(), { all: true });
    expect(store.items.candidates({ sourceIds: ['listing'], since: null, limit: 100 }).some((i) => i.contentText.includes(SECRET))).toBe(false);
    expect(otherPort.requests).toHaveLength(0);
    expect(internal.requests).toHaveLength(0);
    store.close();
  });
});

