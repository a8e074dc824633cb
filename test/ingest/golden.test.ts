/**
 * Golden ingest: real inputs through the real refresh path, compared with a golden file of ids and
 * hashes (items, story partition, canonicals, how versions joined, search hits) generated from
 * main before the cold-ingest work, so a faster ingest is proven to store the same thing.
 * UPDATE_GOLDEN=1 rewrites the goldens; review the diff.
 *
 * Over public corpora (kept outside the repo): FEEDPARSER_CORPUS=/path and REAL_FEEDS=/path ingest
 * every file there too, compared with a golden kept beside the corpora (CORPUS_GOLDEN_DIR, default
 * /work/corpora/goldens), written on the first run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import type { Store } from '../../src/store/open-store.js';
import { ingestCorpus, ingestShuffled } from '../dedup/corpus-run.js';
import { CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { tempStore } from '../helpers/temp-store.js';
import { filesAsSources, goldenView, ingestSources, type GoldenSource, type GoldenView } from './golden-view.js';

const ROOT = resolve(import.meta.dirname, '../..');
const GOLDEN_DIR = join(ROOT, 'test/fixtures/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const stores: Store[] = [];
afterAll(() => stores.forEach((s) => s.close()));

function compare(path: string, actual: GoldenView, writeWhenMissing = UPDATE): void {
  if (writeWhenMissing || !existsSync(path)) {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, `${JSON.stringify(actual, null, 1)}\n`);
  }
  const golden = JSON.parse(readFileSync(path, 'utf8')) as GoldenView;
  // The partition first: a story that splits or merges is the change that matters most.
  expect(actual.stories, 'story partition, canonicals and versions').toEqual(golden.stories);
  expect(actual.items, 'items').toEqual(golden.items);
  expect(actual.search, 'search hits').toEqual(golden.search);
  expect(actual.refreshes, 'refresh outcomes').toEqual(golden.refreshes);
}

async function ingested(sources: GoldenSource[], base: Record<string, unknown> = {}): Promise<GoldenView> {
  const { store } = tempStore();
  stores.push(store);
  const refreshes = await ingestSources(store, sources, base);
  return goldenView(store, refreshes);
}

function sampleSources(): { sources: GoldenSource[]; base: Record<string, unknown> } {
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as { sources: Array<Record<string, unknown> & { id: string; url: string }>; dedup?: unknown };
  const sources = config.sources.map(({ id, url, ...extra }) => ({ id, file: resolve(ROOT, url), extra }));
  return { sources, base: config.dedup ? { dedup: config.dedup } : {} };
}

const notInput = (name: string) => name.endsWith('.expected.json') || name.endsWith('.md') || name.endsWith('.py') || name.endsWith('.ts') || name.startsWith('.');

describe('golden ingest over our samples and fixtures', () => {
  it('stores the bundled samples with the same items, stories, canonicals and search hits', async () => {
    const { sources, base } = sampleSources();
    compare(join(GOLDEN_DIR, 'ingest-samples.json'), await ingested(sources, base));
  });

  it('stores every feed, wire and decode fixture with the same items, stories and search hits', async () => {
    const dirs = ['feeds', 'parse', 'wire', 'decode'];
    const sources = dirs.flatMap((dir) => filesAsSources(join(ROOT, 'test/fixtures', dir), dir, notInput));
    compare(join(GOLDEN_DIR, 'ingest-fixtures.json'), await ingested(sources));
  });

  it('places the labelled story corpus into the same partition, one item per refresh and in shuffled batches', () => {
    const corpus = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/stories/corpus.json'), 'utf8')) as CorpusItem[];
    const one = ingestCorpus(corpus, CORPUS_SOURCES, DEDUP_DEFAULTS);
    const batched = ingestShuffled(corpus, CORPUS_SOURCES, 15, DEDUP_DEFAULTS);
    stores.push(one.store, batched.store);
    compare(join(GOLDEN_DIR, 'ingest-stories.json'), goldenView(one.store));
    // Arrival order never changes the partition: the batched ingest matches the same golden.
    compare(join(GOLDEN_DIR, 'ingest-stories.json'), goldenView(batched.store), false);
  });
});

const CORPORA = [process.env.FEEDPARSER_CORPUS, process.env.REAL_FEEDS].filter((p): p is string => !!p);
const CORPUS_GOLDEN_DIR = process.env.CORPUS_GOLDEN_DIR ?? '/work/corpora/goldens';

describe.skipIf(CORPORA.length === 0)('golden ingest over public corpora', () => {
  for (const root of CORPORA) {
    it(`stores ${basename(root)} with the same items, stories and search hits`, async () => {
      const sources = filesAsSources(root, 'c', (name) => name.startsWith('.'));
      compare(join(CORPUS_GOLDEN_DIR, `ingest-${basename(root)}.json`), await ingested(sources));
    }, 900_000);
  }
});
