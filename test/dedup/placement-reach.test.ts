/**
 * Placing visits only the items a change can reach (reverse lookups of what changed), and decides
 * exactly as placing every item in order does: for seeded arrival orders, splits and updates, of
 * the story corpus and of generated sources carrying the same stories at overlapping dates, the
 * online result (partition, versions, canonicals) is byte-equal to `recluster`'s; and a late
 * source that shares nothing with what is stored visits its own items only, on both ports.
 */
import { describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS, sourceSchema } from '../../src/config/schema.js';
import { contentHash } from '../../src/dedup/content-hash.js';
import { identityKey, itemId, storyIdFor } from '../../src/dedup/identity.js';
import { MemoryStoryIndex } from '../../src/dedup/memory-story-index.js';
import { reclusterStore } from '../../src/dedup/recluster.js';
import { StoryLifecycle } from '../../src/dedup/story-lifecycle.js';
import { commitInSlices } from '../../src/ingest/commit-slices.js';
import type { Store } from '../../src/store/open-store.js';
import type { CorpusItem } from '../fixtures/stories/build-corpus.js';
import { tempStore } from '../helpers/temp-store.js';
import { seededRandom, shuffle } from './corpus-run.js';
import { asItem, corpus, priorityOf, runOnSqlite, schedule } from './story-schedule.js';

const NOW = '2026-03-01T00:00:00Z';

/**
 * Every item's story and version, every story's canonical, as one string. `chrome: false` leaves
 * out the chrome lines a version dropped: with updates, an update that only adds a boilerplate
 * line once kept a cached analysis without that line's key, so its chrome differed from recluster's.
 */
function view(store: Store, { chrome = true } = {}): string {
  const items = store.storyIndex.itemsFrom(null, 1e6);
  const stories = [...new Set(items.map((i) => i.storyId))].sort();
  return JSON.stringify({
    partition: items.map((i) => [i.id, i.storyId]),
    versions: items.map((i) => store.storyIndex.version(i.id)).map((v) => (v && !chrome ? { ...v, chrome: null } : v)),
    canonicals: stories.map((s) => [s, store.stories.get(s)?.canonicalItemId ?? null]),
  });
}

function expectOnlineEqualsRecluster(items: CorpusItem[], seed: number, chrome = true): void {
  const store = runOnSqlite(schedule(seed, items));
  try {
    const online = view(store, { chrome });
    expect(reclusterStore(store, DEDUP_DEFAULTS, priorityOf, NOW).moved).toBe(0);
    expect(view(store, { chrome })).toBe(online);
  } finally {
    store.close();
  }
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 've', 'da', 'gu', 'fe', 'zo', 'bi', 'xu', 'ha'];

/** Generated text: sentences of made-up words, paragraphs of sentences. */
function writer(random: () => number) {
  const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  const sentence = () => Array.from({ length: 8 + Math.floor(random() * 7) }, word).join(' ') + '.';
  const paragraph = () => Array.from({ length: 2 + Math.floor(random() * 2) }, sentence).join(' ');
  return { word, sentence, paragraph, title: () => Array.from({ length: 6 }, word).join(' ') };
}

/**
 * Sources carrying the same stories at overlapping dates: whole, trimmed, reordered or as a teaser,
 * each source printing its own chrome line under every item, and stories of their own besides.
 */
function overlappingSources(seed: number, stories = 24, sources = 4): CorpusItem[] {
  const random = seededRandom(seed);
  const write = writer(random);
  const base = Date.parse('2026-02-01T00:00:00Z');
  const out: CorpusItem[] = [];
  const chrome = Array.from({ length: sources }, () => `${write.word()} ${write.word()} every day`);
  const add = (label: string, s: number, at: number, title: string, paragraphs: string[]) => out.push({
    label, variant: 'generated', source: `gen-${s}`, guid: `gen-${s}-${out.length}`, published: new Date(at).toISOString(), language: 'en',
    title, contentText: [...paragraphs, chrome[s]!].join('\n') });
  for (let k = 0; k < stories; k++) {
    const title = write.title();
    const paragraphs = Array.from({ length: 5 }, write.paragraph);
    const at = base + k * 40 * 60_000;
    for (let s = 0; s < sources; s++) {
      const pick = random();
      if (pick < 0.3) continue;
      const variant = pick < 0.5 ? paragraphs : pick < 0.65 ? paragraphs.slice(0, 3) : pick < 0.8 ? [...paragraphs].reverse() : paragraphs.slice(0, 1);
      add(`story-${k}`, s, at + Math.floor((random() - 0.5) * 6 * 3_600_000), title, variant);
    }
    add(`own-${k}`, k % sources, at + 17 * 60_000, write.title(), Array.from({ length: 3 }, write.paragraph));
  }
  return out;
}

/** One source's distinct stories, one every `stepMinutes` from the same start. */
function distinctSource(sourceId: string, count: number, stepMinutes: number, seed: number): CorpusItem[] {
  const random = seededRandom(seed);
  const write = writer(random);
  const start = Date.parse('2026-02-01T00:00:00Z');
  return Array.from({ length: count }, (_, n) => ({ label: `${sourceId}-${n}`, variant: 'distinct', source: sourceId, guid: `${sourceId}-${n}`,
    published: new Date(start + n * stepMinutes * 60_000).toISOString(), language: 'en' as const, title: write.title(),
    contentText: [write.paragraph(), write.paragraph(), `${sourceId} desk line`].join('\n') }));
}

describe('placing what a change can reach', () => {
  it.each([1, 3])('gives the story corpus exactly the result of recluster for arrival order %i (splits, updates)', (seed) => {
    expectOnlineEqualsRecluster(corpus, seed);
  });

  it('records the chrome recluster records when an update only adds a boilerplate line (same exact hash)', () => {
    // Six distinct stories of one source, each ending in "Lire la suite"; the fifth first comes
    // without that line. Its update keeps the exact hash (boilerplate is not hashed) but adds a
    // line key: the sixth item's line is chrome (five stories printed it before) only if the
    // update's rows carry the key, as recluster's do.
    const items = distinctSource('breves', 6, 60, 5).map((c) => ({ ...c, contentText: `${c.contentText.split('\n')[0]}\nLire la suite` }));
    const teaser = { ...items[4]!, contentText: items[4]!.contentText.split('\n')[0]! };
    expect(contentHash(teaser)).toBe(contentHash(items[4]!));
    const refresh = (n: number, entries: CorpusItem[]) => ({ sourceId: 'breves', at: `2026-02-10T00:0${n}:00Z`, entries });
    const store = runOnSqlite([refresh(0, [teaser]), refresh(1, [items[4]!]), refresh(2, [...items.slice(0, 4), items[5]!])]);
    try {
      const online = view(store);
      const last = store.storyIndex.itemsFrom(null, 1e6).at(-1)!;
      expect(store.storyIndex.version(last.id)?.chrome).toHaveLength(1);
      expect(reclusterStore(store, DEDUP_DEFAULTS, priorityOf, NOW).moved).toBe(0);
      expect(view(store)).toBe(online);
    } finally {
      store.close();
    }
  });

  it.each([1, 2])('gives sources with the same stories at overlapping dates exactly the result of recluster (order %i)', (seed) => {
    const items = overlappingSources(seed);
    expect(new Set(items.map((i) => i.label)).size).toBeLessThan(items.length);
    expectOnlineEqualsRecluster(items, 100 + seed);
  });

  it('visits only its own items when a late source shares nothing with the stored ones (SQLite)', async () => {
    const early = distinctSource('early', 150, 10, 7);
    const late = distinctSource('late', 60, 25, 8);
    const { store } = tempStore();
    try {
      const commit = async (items: CorpusItem[]) => {
        const source = sourceSchema.parse({ id: items[0]!.source, url: `file:///gen/${items[0]!.source}`, kind: 'partner' });
        store.sources.ensure(source.id, source.url);
        return commitInSlices(store, source, shuffle(items, seededRandom(3)).map((c) => ({ item: asItem(c), raw: null })),
          { at: NOW, status: 200, etag: null, lastModified: null, nextFetchAt: null }, priorityOf, DEDUP_DEFAULTS, { budgetMs: 1e9 });
      };
      expect((await commit(early)).slices).toBe(1);
      const report = await commit(late);
      expect(report.added).toBe(late.length);
      // Placing every item from the late source's first one on would visit the 150 early ones too.
      expect(report.visited).toBe(late.length);
      const online = view(store);
      expect(reclusterStore(store, DEDUP_DEFAULTS, priorityOf, NOW).moved).toBe(0);
      expect(view(store)).toBe(online);
    } finally {
      store.close();
    }
  });

  it('visits only its own items when a late source shares nothing with the stored ones (in-memory port)', () => {
    const port = new MemoryStoryIndex();
    const lifecycle = new StoryLifecycle(port);
    const place = (items: CorpusItem[]) => {
      const fresh = new Set<string>();
      for (const c of items) {
        const item = asItem(c);
        const id = itemId(c.source, identityKey(item));
        port.addItem({ id, sourceId: c.source, title: item.title, contentText: item.contentText, contentHash: contentHash(item),
          published: item.published, fetchedAt: NOW, sortDate: item.published ?? NOW, storyId: storyIdFor(id) });
        fresh.add(id);
      }
      const first = [...fresh].map((id) => port.item(id)!).sort((a, b) => (a.sortDate < b.sortDate ? -1 : a.sortDate > b.sortDate ? 1 : a.id < b.id ? -1 : 1))[0]!;
      return lifecycle.placeFrom(first, { settings: DEDUP_DEFAULTS, priorityOf, now: NOW, fresh });
    };
    const early = place(distinctSource('early', 150, 10, 7));
    expect(early.placed).toBe(150);
    const late = place(distinctSource('late', 60, 25, 8));
    expect(late.placed + late.skipped).toBe(60);
    expect(late.created).toBe(60);
  });
});
