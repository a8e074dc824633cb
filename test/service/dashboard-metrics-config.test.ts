import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger.js';
import { renderDashboard, type DashboardData } from '../../src/http/dashboard-html.js';
import { startService, type Service } from '../../src/service/service.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { rssFeed } from '../faults/hostile-routes.js';

let server: FixtureServer;
let service: Service;
let browser: Browser;
let dir: string;
let configPath: string;
/** What the service logged, one JSON line each. */
const logLines: string[] = [];
const logSink = new Writable({ write(chunk: Buffer, _enc, done) { logLines.push(...chunk.toString().split('\n').filter(Boolean)); done(); } });

function configWith(extraSources: object[] = []): object {
  return {
    database: join(dir, 'wd.db'), server: { port: 0 }, fetch: { timeoutMs: 3000 }, retention: { days: 36500 },
    sources: [
      { id: 'good', url: server.url('/good.rss'), kind: 'wire' },
      { id: 'broken', url: server.url('/error'), kind: 'partner' },
      ...extraSources,
    ],
    feeds: [{ id: 'all', title: 'All <wires> & partners' }],
  };
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never became true');
}

beforeAll(async () => {
  server = await startFixtureServer({
    '/good.rss': (_q, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('good', [{ guid: 'g1', title: 'Harbour &lt;script&gt;alert(1)&lt;/script&gt; reopens' }])); },
    '/late.rss': (_q, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('late', [{ guid: 'l1', title: 'Late source story' }])); },
    '/error': (_q, res) => { res.writeHead(500).end('boom'); },
  });
  dir = mkdtempSync(join(tmpdir(), 'wd-dash-'));
  configPath = join(dir, 'feeds.config.json');
  writeFileSync(configPath, JSON.stringify(configWith()));
  service = await startService(loadConfig(configPath), { log: createLogger({ destination: logSink, pretty: false, level: 'warn' }), ingestAtStart: true, schedule: false });
  await service.ready;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await server?.close();
});

describe('the dashboard at /', () => {
  it('renders in Chromium, lists the failing source with its error, and is captured as a screenshot', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${service.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('wiredesk — 1 failing');
    const broken = page.locator('#source-broken');
    expect(await broken.locator('td.status').innerText()).toMatch(/^failing ×1/);
    expect(await broken.locator('td.error').innerText()).toMatch(/500 from http:\/\/127\.0\.0\.1:\d+\/error; server error/);
    expect(await page.locator('#source-good td.status').innerText()).toBe('ok');
    expect(await page.locator('a[href="/feeds/all.rss"]').count()).toBe(1);
    // Feed text is escaped: the story's markup is shown, never run.
    expect(await page.locator('ol.stories').innerText()).toContain('<script>alert(1)</script>');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toBe('30');
    const shot = join(dir, 'dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(1000);
    await page.close();
  });
});

describe('GET /metrics', () => {
  it('exposes fetches by status, durations, items, stories, failing sources and feed requests', async () => {
    expect((await fetch(`${service.url}/feeds/all.rss`)).status).toBe(200);
    await fetch(`${service.url}/feeds/all.rss`);
    const res = await fetch(`${service.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^wiredesk_fetches_total\{status="200"\} 1$/m);
    expect(text).toMatch(/^wiredesk_fetches_total\{status="500"\} 1$/m);
    expect(text).toMatch(/^wiredesk_fetch_duration_seconds_count 2$/m);
    expect(text).toMatch(/^wiredesk_items_ingested_total\{kind="added"\} 1$/m);
    expect(text).toMatch(/^wiredesk_stories_total\{outcome="created"\} 1$/m);
    expect(text).toMatch(/^wiredesk_sources_failing 1$/m);
    expect(text).toMatch(/^wiredesk_feed_requests_total\{status="200"\} \d+$/m);
    expect(text).toMatch(/^wiredesk_render_cache_hits_total [1-9]\d*$/m);
  });
});

describe('hot config', () => {
  it('refuses an invalid change with key-path errors shown on /, keeping the last good config', async () => {
    const bad = configWith([{ id: 'Bad Id', url: 'ftp://x', kind: 'wire' }]);
    writeFileSync(configPath, JSON.stringify(bad));
    await waitFor(async () => (await (await fetch(`${service.url}/`)).text()).includes('config-problems'));
    const html = await (await fetch(`${service.url}/`)).text();
    expect(html).toContain('feeds.config.json: sources[2].id: must be 1-64 chars');
    expect(html).toContain('feeds.config.json: sources[2].url: must be an http(s) URL');
    expect((await fetch(`${service.url}/feeds/all.rss`)).status).toBe(200);
  });

  it('applies a valid change without restart: a new source is polled and shown', async () => {
    writeFileSync(configPath, JSON.stringify(configWith([{ id: 'late', url: server.url('/late.rss'), kind: 'wire' }])));
    await waitFor(async () => (await (await fetch(`${service.url}/`)).text()).includes('id="source-late"'));
    await service.ingestOnce();
    const html = await (await fetch(`${service.url}/`)).text();
    expect(html).not.toContain('config-problems');
    expect(await (await fetch(`${service.url}/feeds/all.rss`)).text()).toContain('Late source story');
    expect(JSON.parse(readFileSync(configPath, 'utf8')).sources).toHaveLength(3);
  });
});

describe('hot config of what needs a restart', () => {
  it('says "restart required" for server.port and database, in the log and on /, and applies the rest', async () => {
    const next = { ...configWith([{ id: 'late', url: server.url('/late.rss'), kind: 'wire' }]), server: { port: 9999 }, database: join(dir, 'other.db') };
    writeFileSync(configPath, JSON.stringify(next));
    await waitFor(async () => (await (await fetch(`${service.url}/`)).text()).includes('config-restart'));
    const html = await (await fetch(`${service.url}/`)).text();
    expect(html).toContain('Restart required');
    expect(html).toContain('server.port (0 → 9999)');
    expect(html).toMatch(/database \(.*wd\.db → .*other\.db\)/);
    const warned = logLines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg);
    expect(warned.some((m) => /^config: restart required to apply server\.port \(0 → 9999\), database/.test(m))).toBe(true);
    expect(warned.some((m) => m.includes('change applied') && m.includes('server.port'))).toBe(false);
  });
});

describe('dashboard text hygiene', () => {
  it('drops control characters and shows a lone surrogate as one replacement character', () => {
    const data: DashboardData = {
      generatedAt: '2024-04-17T00:00:00Z', configProblems: [], hostPauses: [], feeds: [], dbSizeBytes: 0, items: 1, storyCount: 1,
      sources: [{ id: 'odd', kind: 'wire', status: 'failing', url: 'http://x/', movedTo: null, lastSuccessAt: null,
        lastError: 'fetch: bell\u0007 escape\u001b[31m nul\u0000 c1\u009b end', errorCount: 1, items24h: 0, tooOld: 0, nextFetchAt: null, interval: null }],
      stories: [{ id: 'story-odd', title: 'Lone \ud800 surrogate', url: null, sourceId: 'odd', versions: 1, updatedAt: '2024-04-17T00:00:00Z' }],
    };
    const html = renderDashboard(data);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
    expect(html).toContain('fetch: bell escape[31m nul c1 end');
    expect(Buffer.from(html, 'utf8').toString('utf8')).toContain('Lone \uFFFD surrogate');
    expect(html.match(/\uFFFD/g)).toHaveLength(1);
  });
});
