/**
 * A document committed chunk by chunk as the parse threads hand its chunks on stores exactly what
 * one commit of the whole document stores (items, stories, canonicals, search hits, counts), in
 * any date order, with reads of one item in two chunks, and with other sources' chunks in between;
 * its first slices commit while later chunks are still being normalized, and a newest-first
 * document is committed from its end, so placement visits each item about once.
 */
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { SourceConfig } from '../../src/config/schema.js';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import { commitInSlices } from '../../src/ingest/commit-slices.js';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import type { ReadChunk } from '../../src/ingest/read-chunks.js';
import type { FeedJob } from '../../src/ingest/read-feed.js';
import { createLocalRefreshPort, type RefreshStored } from '../../src/ingest/refresh-port.js';
import { silentLogger } from '../../src/log/logger.js';
import type { ReadItem } from '../../src/model/read-document.js';
import type { Store } from '../../src/store/open-store.js';
import { seededRandom, shuffle } from '../dedup/corpus-run.js';
import { tempStore } from '../helpers/temp-store.js';
import { goldenView } from './golden-view.js';
import { AT, fetched, generatedFeeds, priorityOf, sourceOf } from './slice-fixtures.js';

// The parse threads run compiled code: the pool comes from dist/ (npm test builds it first).
const DIST_POOL = new URL('../../dist/ingest/read-feed-pool.js', import.meta.url);
const { createReadFeedPool } = (await import(DIST_POOL.href)) as typeof PoolModule;

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fresh(): Store {
  const { store, dir } = tempStore();
  stores.push(store);
  dirs.push(dir);
  return store;
}

// Retention of a year before the refresh: the generated 1990 copies are left out as too old.
const CONFIG = parseConfigText(JSON.stringify({
  database: ':memory:', retention: { days: 365 }, sources: [{ id: 'wire', url: 'file:///generated/wire', kind: 'wire' }], feeds: [],
}), '/tmp/feeds.config.json').config;

type Document = { source: SourceConfig; reads: ReadItem[] };

async function* chunksOf(reads: ReadItem[], size: number): AsyncGenerator<ReadChunk> {
  for (let i = 0; i < reads.length; i += size) {
    // Another source's slices may run while this document waits for its next chunk.
    await new Promise((resolve) => setImmediate(resolve));
    // An entry of every 50 could not be normalized: each chunk says so for its own.
    const skipped = Array.from({ length: size }, (_, k) => i + k).filter((n) => n < reads.length && n % 50 === 0).map((n) => `entry ${n} skipped`);
    yield { index: i / size, items: reads.slice(i, i + size), skipped };
  }
}

/** Each document through SQLite's refresh port: whole (one chunk), or in chunks of `size`; all sources at once. */
async function commitAll(documents: Document[], size: number | null): Promise<{ store: Store; stored: RefreshStored[] }> {
  const store = fresh();
  const port = createLocalRefreshPort(store, { config: CONFIG, log: silentLogger(), priorityOf, slicing: { maxItems: 7 } });
  for (const { source } of documents) await port.begin(source, source.url);
  const stored = await Promise.all(documents.map(({ source, reads }) => port.commit(source, {
    chunks: chunksOf(reads, size ?? reads.length), problems: ['a problem'], rejected: [], unread: () => 0,
  }, fetched(AT))));
  return { store, stored };
}

/** What a golden view leaves out: dates and each source's row (the skip note, recorded once). */
function rows(store: Store, sourceIds: string[]) {
  const items = store.items.candidates({ sourceIds: [], since: null, limit: 1_000_000 }).map((i) => [i.id, i.published, i.updated, i.fetchedAt].join(' ')).sort();
  return { items, sources: sourceIds.map((id) => store.sources.get(id)) };
}

function dated(reads: ReadItem[], order: 'ascending' | 'descending' | 'shuffled', seed: number): ReadItem[] {
  const sorted = [...reads].sort((a, b) => ((a.item.published ?? '') < (b.item.published ?? '') ? -1 : 1));
  if (order === 'ascending') return sorted;
  if (order === 'descending') return sorted.reverse();
  return shuffle(sorted, seededRandom(seed));
}

/** Later reads of some items (edited, or unchanged), and copies of others dated before retention. */
function withRereads(reads: ReadItem[]): ReadItem[] {
  const rereads = reads.filter((_, i) => i % 17 === 0).map((r, i) => (i % 2 === 0 ? { ...r, item: { ...r.item, title: `${r.item.title} (updated)` } } : r));
  const old = (every: number) => reads.filter((_, i) => i % every === 0).map((r) => ({ ...r, item: { ...r.item, published: '1990-01-01T00:00:00.000Z' } }));
  // A copy dated before retention is left out before its item is stored, and after.
  return [...old(29), ...reads, ...rereads, ...old(31)];
}

describe('a document committed chunk by chunk', () => {
  it.each(['ascending', 'descending', 'shuffled'] as const)('stores what one commit stores, sources interleaved, reads of one item in several chunks (%s dates)', async (order) => {
    const { wire, partner } = generatedFeeds(240, 90, 11);
    const documents: Document[] = [
      { source: sourceOf('wire', 'wire'), reads: withRereads(dated(wire, order, 1)) },
      { source: sourceOf('partner'), reads: withRereads(dated(partner, order, 2)) },
    ];
    const whole = await commitAll(documents, null);
    const chunked = await commitAll(documents, 45);
    const ids = documents.map((d) => d.source.id);
    expect(goldenView(chunked.store)).toEqual(goldenView(whole.store));
    expect(rows(chunked.store, ids)).toEqual(rows(whole.store, ids));
    const outcome = (s: RefreshStored[]) => s.map(({ counts, tooOld }) => ({ counts, tooOld }));
    expect(outcome(chunked.stored)).toEqual(outcome(whole.stored));
    // Both cases really exercise the rereads: updates, and copies left out as too old.
    expect(whole.stored[0]?.counts.updated).toBeGreaterThan(0);
    expect(whole.stored[0]?.tooOld).toBeGreaterThan(0);
    expect(chunked.stored.map((s) => s.skipped)).toEqual(whole.stored.map((s) => s.skipped));
    expect(chunked.stored[0]?.skipped.slice(0, 3)).toEqual(['a problem', 'entry 0 skipped', 'entry 50 skipped']);
  }, 120_000);
});

/** `generateRss`'s items (oldest first), newest first. */
function newestFirst(text: string): string {
  const [head, ...items] = text.split('\n<item>');
  const last = items.pop() ?? '';
  const [lastItem, tail] = last.split('\n</channel>');
  return [head, ...[...items, lastItem].reverse().map((i) => `<item>${i}`)].join('\n') + `\n</channel>${tail ?? ''}`;
}

const job = (text: string): FeedJob => ({ text, url: 'https://bench.example.com/feed', type: 'auto', language: 'en', timezone: null, titleCase: 'keep', features: true });

describe('a large document read by the parse threads', () => {
  it('commits its first slice while later chunks are still in a parse thread', async () => {
    const pool = createReadFeedPool({ size: 1, timeoutMs: 120_000, splitAbove: 100 });
    try {
      const doc = await pool.readStream(job(generateRss(1000)));
      const store = fresh();
      const source = sourceOf('bench', 'wire');
      store.sources.ensure(source.id, source.url);
      const unreadAt: number[] = [];
      const items = (async function* reads() {
        for await (const chunk of doc.chunks) yield chunk.items;
      })();
      const result = await commitInSlices(store, source, items, fetched(), priorityOf, DEDUP_DEFAULTS, {
        inSlice: (slice) => void (slice === 1 && unreadAt.push(doc.unread())),
      });
      expect(result.added).toBe(1000);
      expect(unreadAt[0]).toBeGreaterThan(0);
      expect(doc.unread()).toBe(0);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('commits a newest-first document from its end, visiting each item about once', async () => {
    const pool = createReadFeedPool({ size: 2, timeoutMs: 120_000, splitAbove: 200 });
    try {
      const doc = await pool.readStream(job(newestFirst(generateRss(1200))));
      const chunks: ReadChunk[] = [];
      for await (const chunk of doc.chunks) chunks.push(chunk);
      // The last chunk of the document (its oldest entries) comes first.
      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => chunks.length - 1 - i));
      const commit = async (inOrder: ReadChunk[]) => {
        const store = fresh();
        const source = sourceOf('bench', 'wire');
        store.sources.ensure(source.id, source.url);
        const reads = (async function* each() {
          for (const c of inOrder) yield c.items;
        })();
        return { store, result: await commitInSlices(store, source, reads, fetched(), priorityOf, DEDUP_DEFAULTS) };
      };
      const fromEnd = await commit(chunks);
      expect(fromEnd.result.added).toBe(1200);
      expect(fromEnd.result.visited).toBeLessThanOrEqual(1200 * 1.1);
      // In document order each older chunk is placed before the newer ones already stored: the same
      // store, and the pass still visits only what each chunk can reach (these stories share nothing).
      const inDocumentOrder = await commit([...chunks].sort((a, b) => a.index - b.index));
      expect(goldenView(inDocumentOrder.store)).toEqual(goldenView(fromEnd.store));
      expect(inDocumentOrder.result.visited).toBeLessThanOrEqual(1200 * 1.1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
