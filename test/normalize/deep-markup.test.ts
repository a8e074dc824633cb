/**
 * Broken CMS output with thousands of unclosed inline tags: the item is kept (its markup flattened
 * past the depth cap), and whatever a refresh does skip is said with its reason, in `wiredesk parse`
 * and on the source's row. Served by a real HTTP server, stored in a real SQLite file.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { load } from 'cheerio/slim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOne } from '../../src/cli/parse.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { cleanBody } from '../../src/normalize/clean-body.js';
import { MAX_MARKUP_DEPTH } from '../../src/normalize/flatten-deep.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

const deepBody = (tags: number) => `<p>Intro paragraph of a story from a broken CMS.</p>${'<b><i>'.repeat(tags / 2)}The deep sentence survives.`;
const feedWith = (bodies: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken CMS</title><link>http://cms.example/</link>
${bodies.map((b, i) => `<item><title>Story ${i}</title><link>http://cms.example/${i}</link><guid>s-${i}</guid><description><![CDATA[${b}]]></description></item>`).join('\n')}
</channel></rss>`;
const ARTICLE = `<html><body><article><h1>Un article qui existe vraiment bien</h1><time datetime="2024-04-17T10:00:00Z">17 avril</time>
<div class="body"><p>${'Un paragraphe assez long pour être un corps. '.repeat(10)}</p></div></article></body></html>`;
const LISTING = `<html><body>${['ok-article-2024', 'missing-article-2024'].map((p) => `<article><h2><a href="/news/${p}">Un titre assez long pour un lien d'article</a></h2></article>`).join('')}</body></html>`;

let server: FixtureServer;
const send = (type: string, body: string) => (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(200, { 'content-type': type }).end(body);

beforeAll(async () => {
  server = await startFixtureServer({
    '/deep.rss': send('application/rss+xml', feedWith([deepBody(1500), deepBody(4000), 'A plain story.'])),
    '/news/': send('text/html', LISTING),
    '/news/ok-article-2024': send('text/html', ARTICLE),
  });
});
afterAll(() => server.close());

function depthOf(html: string): number {
  const $ = load(html, null, false);
  let max = 0;
  $('*').each((_i, el) => {
    max = Math.max(max, $(el).parents().length + 1);
  });
  return max;
}

describe('deeply nested markup', () => {
  it('keeps the text of 20,000 unclosed inline tags and flattens them past the cap', () => {
    const cleaned = cleanBody(deepBody(20_000), { title: null, siteNames: [], findDateline: false });
    expect(cleaned.text).toContain('The deep sentence survives.');
    expect(depthOf(cleaned.html)).toBeLessThanOrEqual(MAX_MARKUP_DEPTH + 1);
  });

  it('keeps every item of a feed carrying 1,500 and 4,000 unclosed tags, in parse and in ingest', async () => {
    const line = await parseOne(server.url('/deep.rss'), configSchema.parse({ sources: [{ id: 'p', url: 'file:/dev/null', kind: 'partner' }] }), {});
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items.map((i) => i.title)).toEqual(['Story 0', 'Story 1', 'Story 2']);
    expect(line.items[1]?.contentText).toContain('The deep sentence survives.');
    expect(line.skipped).toBeUndefined();
    const { store, path } = tempStore();
    const loaded = parseConfigText(JSON.stringify({ database: path, sources: [{ id: 'cms', url: server.url('/deep.rss'), kind: 'partner' }] }), '/tmp/c.json');
    await runIngest(loaded, store, silentLogger(), { all: true });
    expect(store.items.candidates({ sourceIds: ['cms'], since: null, limit: 10 })).toHaveLength(3);
    expect(store.sources.get('cms')?.lastSkipped).toBeNull();
    store.close();
  });

  it('says what it skipped and why, in parse and on the source row', async () => {
    const config = configSchema.parse({ sources: [{ id: 'p', url: 'file:/dev/null', kind: 'partner' }] });
    const line = await parseOne(server.url('/news/'), config, { type: 'html' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items).toHaveLength(1);
    expect(line.skipped?.join('\n')).toMatch(/missing-article-2024.*404/);
    const { store, path } = tempStore();
    const source = { id: 'web', url: server.url('/news/'), kind: 'partner', type: 'html' };
    await runIngest(parseConfigText(JSON.stringify({ database: path, sources: [source] }), '/tmp/c.json'), store, silentLogger(), { all: true });
    expect(store.sources.get('web')?.lastSkipped).toMatch(/^1 skipped; first: .*missing-article-2024.*404/);
    store.close();
  });
});
