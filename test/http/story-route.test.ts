/**
 * `GET /stories/<id>` in headless Chromium: a story carried by a wire, a partner's copy and a
 * teaser, one headline carrying markup; the page lists every version with how it joined and its
 * similarity to the canonical version, says why that one is canonical, and runs nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';

const PARAGRAPHS = [
  'The harbour authority of Kingsmouth said on Tuesday that the northern ferry terminal would close for eight weeks from May while engineers replace the pontoons damaged in the winter storms.',
  'Passengers will be moved to the southern quay, where a temporary waiting room and ticket office are being built, the authority said in a statement published after a board meeting.',
  'Local businesses near the northern terminal said they feared a drop in trade during the works, and asked the council for help with rents while the ferries are away.',
  'The authority expects the new pontoons, made of steel rather than timber, to last at least forty years and to cut the cost of repairs after storms.',
];
const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function feed(name: string, title: string, paragraphs: string[], minutes: number): string {
  const body = x(paragraphs.map((p) => `<p>${x(p)}</p>`).join(''));
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://${name}.example/</link>
<item><guid isPermaLink="false">${name}-1</guid><title>${x(title)}</title><link>https://${name}.example/ferry</link>
<pubDate>${new Date(Date.UTC(2026, 0, 6, 8, minutes)).toUTCString()}</pubDate><description>${body}</description></item></channel></rss>`;
}

let service: Service;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wd-story-page-'));
  writeFileSync(join(dir, 'wire.rss'), feed('wire', 'Kingsmouth ferry terminal to close <script>alert(1)</script> & "quotes"', PARAGRAPHS, 0));
  writeFileSync(join(dir, 'copy.rss'), feed('copy', 'Ferry terminal closes for repairs', [`KINGSMOUTH / The Courier — ${PARAGRAPHS[0]}`, ...PARAGRAPHS.slice(1, 3)], 40));
  writeFileSync(join(dir, 'teaser.rss'), feed('teaser', 'Ferries move south', [PARAGRAPHS[0]!, 'Read more'], 20));
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
    database: join(dir, 'wd.db'), server: { port: 0 }, retention: { days: 36500 },
    sources: [
      { id: 'teaser', url: join(dir, 'teaser.rss'), kind: 'partner', priority: 1 },
      { id: 'copy', url: join(dir, 'copy.rss'), kind: 'partner', priority: 5 },
      { id: 'wire', url: join(dir, 'wire.rss'), kind: 'wire', priority: 10 },
    ],
  }));
  service = await startService(loadConfig(join(dir, 'feeds.config.json')), { log: silentLogger(), ingestAtStart: true, schedule: false });
  await service.ready;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('the story page', () => {
  it('is linked from recent stories and shows every version, how it joined and why the wire is canonical, escaped', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.url}/`);
    const links = page.locator('ol.stories a.explain');
    expect(await links.count()).toBe(1);
    await links.first().click();
    expect(page.url()).toMatch(/\/stories\/st_[0-9a-f]+$/);
    const rows = page.locator('table.versions tr.canonical, table.versions tr.version');
    expect(await rows.count()).toBe(3);
    const canonical = page.locator('tr.canonical');
    expect(await canonical.locator('td').nth(1).innerText()).toMatch(/^wire/);
    expect(await canonical.innerText()).toContain('<script>alert(1)</script> & "quotes"');
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.locator('p.why').innerText()).toMatch(/Canonical version: wire, because its source has the highest priority \(10 > 5\)/);
    const via = await page.locator('tr.version td.via').allInnerTexts();
    expect(via.some((t) => /teaser|near duplicate|opened the story/.test(t))).toBe(true);
    expect(await page.locator('tr.version td.num').first().innerText()).toMatch(/^\d+% \/ \d+%$/);
    await page.close();
  });

  it('answers 404 for an unknown story', async () => {
    expect((await fetch(`${service.url}/stories/st_0000`)).status).toBe(404);
  });
});
