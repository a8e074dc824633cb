/**
 * Templated floods: bulletins from one market-report template, a company name and figures apart,
 * against as many distinct stories, each through the real commit path (refreshes of 50 items) into
 * its own fresh store, in one run. Prints items/s for both, their ratio (the target: at most 2×
 * the cost per item), and how many stories each made (every bulletin is its own story).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEDUP_DEFAULTS, sourceSchema } from '../src/config/schema.js';
import { commitRefresh } from '../src/ingest/commit-items.js';
import type { NormalizedItem } from '../src/model/item.js';
import { openStore } from '../src/store/open-store.js';
import { mulberry32 } from './generate-feed.js';

const ITEMS = 1500;
const REFRESH = 50;
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Wonka', 'Cyberdyne', 'Stark', 'Wayne'];
const MARKETS = ['Paris', 'Frankfurt', 'London', 'Milan', 'Madrid', 'Zurich'];

export interface FloodResult { itemsPerSecond: number; stories: number }

export function measureFlood(kind: 'templated' | 'distinct', paragraph: (random: () => number) => string): FloodResult {
  const dir = mkdtempSync(join(tmpdir(), `wd-bench-flood-${kind}-`));
  const store = openStore(join(dir, 'flood.db'));
  try {
    const source = sourceSchema.parse({ id: `bench-${kind}`, url: 'file:///bench', kind: 'wire' });
    store.sources.ensure(source.id, source.url);
    const random = mulberry32(kind === 'templated' ? 11 : 12);
    const items = Array.from({ length: ITEMS }, (_, i) => (kind === 'templated' ? bulletin(i, random) : distinct(i, random, paragraph)));
    const cpu = process.cpuUsage();
    for (let i = 0; i < items.length; i += REFRESH) {
      const batch = items.slice(i, i + REFRESH).map((item) => ({ item, raw: null }));
      commitRefresh(store, source, batch, { at: batch.at(-1)?.item.published ?? '', status: 200, etag: null, lastModified: null, nextFetchAt: null },
        () => 0, DEDUP_DEFAULTS);
    }
    const used = process.cpuUsage(cpu);
    return { itemsPerSecond: ITEMS / ((used.user + used.system) / 1e6), stories: store.stories.count() };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFlood(paragraph: (random: () => number) => string): Promise<void> {
  const distinctRun = measureFlood('distinct', paragraph);
  const templated = measureFlood('templated', paragraph);
  process.stdout.write(`flood: ${ITEMS} distinct stories ${distinctRun.itemsPerSecond.toFixed(0)} items/s (${distinctRun.stories} stories); `
    + `${ITEMS} templated bulletins ${templated.itemsPerSecond.toFixed(0)} items/s (${templated.stories} stories); `
    + `cost per item templated / distinct = ${(distinctRun.itemsPerSecond / templated.itemsPerSecond).toFixed(2)} (target ≤ 2.00)\n`);
}

function at(i: number): string {
  return new Date(Date.parse('2026-03-02T07:00:00Z') + i * 30_000).toISOString();
}

function item(i: number, kind: string, title: string, paragraphs: string[]): NormalizedItem {
  return { guid: `${kind}-${i}`, url: null, title, published: at(i), updated: null, author: null, categories: [], enclosures: [],
    summary: null, contentHtml: null, contentText: paragraphs.join('\n'), language: 'en', dateline: null };
}

function distinct(i: number, random: () => number, paragraph: (random: () => number) => string): NormalizedItem {
  return item(i, 'distinct', `Story ${i}`, Array.from({ length: 4 }, () => paragraph(random)));
}

/** One template; the company, market and figures carry the news. */
function bulletin(i: number, random: () => number): NormalizedItem {
  const company = `${COMPANIES[i % COMPANIES.length]} ${['Group', 'Holdings', 'Industries', 'Systems'][Math.floor(i / COMPANIES.length) % 4]} ${Math.floor(i / 48) + 1}`;
  const market = MARKETS[i % MARKETS.length] ?? 'Paris';
  const pct = (random() * 9 + 0.1).toFixed(2);
  const price = (random() * 200 + 5).toFixed(2);
  const revenue = Math.floor(random() * 900 + 100);
  const up = random() < 0.5;
  return item(i, 'bulletin', `${company} shares ${up ? 'rise' : 'fall'} ${pct}% in ${market}`, [
    `Shares of ${company} ${up ? 'rose' : 'fell'} ${pct} percent to ${price} euros in ${market} trading on Monday, after the company reported quarterly revenue of ${revenue} million euros.`,
    `The stock was among the most traded on the exchange during the session, with volumes well above the average of the past thirty days, according to data compiled by the exchange operator.`,
    `Analysts had expected revenue of ${revenue + Math.floor(random() * 40) - 20} million euros for the quarter. The company will publish its full results and hold a conference call with investors later this month.`,
    `The broader market index closed ${up ? 'higher' : 'lower'} by ${(random() * 2).toFixed(2)} percent, with banks and energy companies leading the moves of the day.`,
  ]);
}
