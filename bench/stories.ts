/**
 * Story dedup cost per new item with 10k, 100k and 1M items already stored, in one run.
 * Stored items arrive at a steady 2,880 a day (one every 30 s); items and their stories are
 * generated in bulk, and the story index rows of the kept windows as ingest writes them (random
 * band keys and sentence hashes: what unrelated texts look like to the index). New items then
 * go through the real path: a whole `commitRefresh` each (placing, index rows, canonical).
 * A third of the new items are trimmed copies of another new item, so the exact check runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEDUP_DEFAULTS, sourceSchema, type SourceConfig } from '../src/config/schema.js';
import { storyLifecycleFor } from '../src/dedup/story-lifecycle.js';
import { commitRefresh } from '../src/ingest/commit-items.js';
import type { NormalizedItem } from '../src/model/item.js';
import { fillBenchIndex, fillBenchItems } from './store-fill.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { mulberry32 } from './generate-feed.js';
import { runFlood } from './story-flood.js';

const SIZES = [10_000, 100_000, 1_000_000];
const STEP_SECONDS = 30;
const START = Date.parse('2023-01-01T00:00:00Z') / 1000;
const NEW_ITEMS = 240;
/** Commits before the timed ones: the first refresh after opening also prunes and warms caches. */
const WARM_UP = 20;
const SENTENCES_PER_ITEM = 12;
/** Ingest keeps index rows for two windows (see story-clusterer KEEP_WINDOWS). */
const KEPT_ITEMS = Math.ceil((2 * DEDUP_DEFAULTS.windowHours * 3600) / STEP_SECONDS);

export async function run(): Promise<void> {
  await runFlood(paragraph);
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-stories-'));
  const path = join(dir, 'stories.db');
  openStore(path).close();
  const rows: string[][] = [['stored', 'index items', 'fill s', 'load ms', 'commit ms/item', '(cpu ms)', 'joined', 'index MB', 'heap MB', 'rss MB']];
  const costs: number[] = [];
  let filled = 0;
  try {
    for (const size of SIZES) {
      const fillStarted = Date.now();
      fillBenchItems(path, { from: filled, to: size, startAt: START, stepSeconds: STEP_SECONDS });
      fillBenchIndex(path, { from: Math.max(filled, size - KEPT_ITEMS), to: size, startAt: START, stepSeconds: STEP_SECONDS }, SENTENCES_PER_ITEM);
      const fillSeconds = (Date.now() - fillStarted) / 1000;
      filled = size;
      const result = measure(path, START + size * STEP_SECONDS);
      costs.push(result.commitCpuMs);
      rows.push([label(size), String(result.indexItems), fillSeconds.toFixed(1), result.loadMs.toFixed(0), result.commitMs.toFixed(2), result.commitCpuMs.toFixed(2), `${result.joined}/${result.copies}`, mb(result.indexBytes), mb(process.memoryUsage().heapUsed), mb(process.memoryUsage().rss)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${table(rows)}\n`);
  const first = costs[0] ?? 1;
  process.stdout.write(`commit CPU cost ratio vs 10k: ${costs.map((c) => (c / first).toFixed(2)).join(' / ')} (flat = 1.00)\n`);
}

interface Measured { indexItems: number; loadMs: number; commitMs: number; commitCpuMs: number; joined: number; copies: number; indexBytes: number }

function measure(path: string, firstAt: number): Measured {
  const store = openStore(path);
  try {
    const settings = DEDUP_DEFAULTS;
    const loadStarted = performance.now();
    const lifecycle = storyLifecycleFor(store);
    lifecycle.load();
    const loadMs = performance.now() - loadStarted;
    const source = sourceSchema.parse({ id: 'bench-new', url: 'file:///bench', kind: 'partner' });
    store.sources.ensure(source.id, source.url);
    const all = newItems(firstAt);
    const items = all.slice(WARM_UP);
    for (const item of all.slice(0, WARM_UP)) commit(store, source, item);
    // The dedup decision alone, for items not yet stored (a first pass warms the JIT up).
    // The whole commit (assign, insert, index rows, canonical), one refresh per item.
    const commitStarted = performance.now();
    const commitCpu = process.cpuUsage();
    for (const item of items) commit(store, source, item);
    const commitMs = (performance.now() - commitStarted) / items.length;
    const commitCpuMs = cpuMicros(commitCpu) / 1000 / items.length;
    const storyOf = (item: NormalizedItem | undefined) => store.items.findByIdentity(source.id, `guid:${item?.guid}`)?.storyId;
    const copies = all.map((item, i) => ({ item, base: all[i - 1] })).slice(WARM_UP).filter((c) => c.item.guid?.endsWith('-copy'));
    const joined = copies.filter((c) => storyOf(c.item) === storyOf(c.base)).length;
    return { indexItems: lifecycle.indexSize, loadMs, commitMs, commitCpuMs, joined, copies: copies.length, indexBytes: lifecycle.indexBytes() };
  } finally {
    store.close();
  }
}

function commit(store: Store, source: SourceConfig, item: NormalizedItem): void {
  commitRefresh(store, source, [{ item, raw: null }], { at: item.published ?? '', status: 200, etag: null, lastModified: null, nextFetchAt: null },
    () => 0, DEDUP_DEFAULTS);
}

/** Texts of ~250 words in 6 paragraphs; every third one a trimmed, datelined copy of the one before. */
function newItems(firstAt: number): NormalizedItem[] {
  const random = mulberry32(Math.floor(firstAt));
  const out: NormalizedItem[] = [];
  let previous: string[] = [];
  for (let i = 0; i < NEW_ITEMS; i++) {
    const copy = i % 3 === 2;
    const paragraphs = copy ? previous.slice(0, -1) : Array.from({ length: 6 }, () => paragraph(random));
    if (copy) paragraphs[0] = `PARIS, 17 avril (AWP) - ${paragraphs[0] ?? ''}`;
    previous = paragraphs;
    const published = new Date((firstAt + i * STEP_SECONDS) * 1000).toISOString();
    out.push({ guid: `new-${firstAt}-${i}${copy ? '-copy' : ''}`, url: null, title: `Story ${i}`, published, updated: null, author: null,
      categories: [], enclosures: [], summary: null, contentHtml: null, contentText: paragraphs.join('\n'), language: 'en', dateline: null });
  }
  return out;
}

function paragraph(random: () => number): string {
  const sentences = Array.from({ length: 3 }, () => {
    const words = Array.from({ length: 10 + Math.floor(random() * 6) }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'x');
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  });
  return sentences.join(' ');
}

const SYLLABLES = ['ka', 'ro', 'mi', 'tel', 'sun', 'var', 'do', 'len', 'pri', 'shu', 'gar', 'no', 'bel', 'ta', 'vis', 'et'];
const WORDS = Array.from({ length: 4000 }, (_, i) => `${SYLLABLES[i % 16]}${SYLLABLES[(i >> 4) % 16]}${SYLLABLES[(i >> 8) % 16]}`);

/** CPU time (user + system) since `start`, in µs: steadier than wall time on a shared machine. */
function cpuMicros(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function label(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')).join('\n');
}
