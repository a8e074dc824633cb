import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { reclusterStore } from '../../src/dedup/recluster.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { buildCorpus, CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { tempStore } from '../helpers/temp-store.js';
import { ingestCorpus, pairScores } from './corpus-run.js';

/** A paragraph of invented words, distinct per seed, with sentence ends. */
function para(seed: number, words = 24): string {
  const w = Array.from({ length: words }, (_, i) => `${String.fromCharCode(97 + ((seed * 7 + i) % 26))}${(seed * 131 + i * 17) % 997}x`);
  return `${w.slice(0, 12).join(' ')}. ${w.slice(12).join(' ')}.`;
}

let clock = Date.parse('2024-05-01T08:00:00Z');
function version(label: string, source: string, paragraphs: string[]): CorpusItem {
  clock += 600_000;
  return { label, variant: source, source, guid: `${source}-${label}-${clock}`, published: new Date(clock).toISOString(),
    language: 'en', title: `${label} ${source}`, contentText: paragraphs.join('\n') };
}
const SOURCES = [
  { id: 'wire', kind: 'wire' as const, priority: 10, language: 'en' as const },
  ...['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => ({ id, kind: 'partner' as const, priority: 5, language: 'en' as const })),
];

describe('guards against false merges', () => {
  it('joins a story only through its canonical item, never by chaining through another version', () => {
    const a = version('a', 'wire', [para(1), para(2), para(3), para(4), para(5), para(6)]);
    const b = version('a', 'p1', [para(1), para(2), para(3), para(4), para(50), para(51)]);
    const c = version('c', 'p2', [para(50), para(51), para(52)]);
    const { storyOf } = ingestCorpus([a, b, c], SOURCES);
    expect(storyOf.get(b.guid)).toBe(storyOf.get(a.guid));
    expect(storyOf.get(c.guid)).not.toBe(storyOf.get(a.guid));
  });

  it('discounts a background paragraph that many stories carry', () => {
    const background = para(900, 40);
    const stories = [1, 2, 3].map((n) => version(`s${n}`, `p${n}`, [para(n * 10), para(n * 10 + 1), para(n * 10 + 2), background]));
    const short = version('s4', 'p4', [background, para(77, 20)]);
    const discounted = ingestCorpus([...stories, short], SOURCES);
    expect(new Set([...discounted.storyOf.values()]).size).toBe(4);
    // Without the discount, the shared background alone would merge the short story into another.
    const plain = ingestCorpus([...stories, short], SOURCES, { ...DEDUP_DEFAULTS, backgroundStories: 1000 });
    expect(new Set([...plain.storyOf.values()]).size).toBeLessThan(4);
  });

  it('learns chrome lines a source prints under every story and stops comparing them', () => {
    const chrome = 'Subscribe to the Daily Ledger for one pound a month and never miss a story';
    const items = [1, 2, 3, 4, 5, 6].map((n) => version(`c${n}`, 'p5', [para(300 + n, 16), chrome, 'Follow us on social media for the latest news today']));
    const { store, storyOf } = ingestCorpus(items, SOURCES);
    expect(new Set(storyOf.values()).size).toBe(6);
    expect(store.storyIndex.lineStories('p5', 0, 0, Number.MAX_SAFE_INTEGER, 10)).toBe(0);
  });
});

describe('recluster', () => {
  it('merges what strict thresholds kept apart, keeps story ids stable and reports merges and splits', () => {
    const corpus = buildCorpus();
    const strict = { ...DEDUP_DEFAULTS, jaccard: 0.99, containment: 0.99 };
    const { store, storyOf } = ingestCorpus(corpus, CORPUS_SOURCES, strict);
    const before = pairScores(corpus, storyOf);
    const priority = new Map(CORPUS_SOURCES.map((s) => [s.id, s.priority]));
    const report = reclusterStore(store, DEDUP_DEFAULTS, (id) => priority.get(id) ?? 0, '2024-05-01T00:00:00Z');
    expect(report.merged).toBeGreaterThan(0);
    expect(report.split).toBe(0);
    const after = new Map(corpus.map((c) => [c.guid, store.items.findByIdentity(c.source, `guid:${c.guid}`)!.storyId]));
    expect(pairScores(corpus, after).recall).toBeGreaterThan(before.recall);
    expect(after).toEqual(ingestCorpus(corpus, CORPUS_SOURCES).storyOf);
    expect(store.stories.count()).toBe(report.storiesAfter);
    const again = reclusterStore(store, DEDUP_DEFAULTS, (id) => priority.get(id) ?? 0, '2024-05-01T00:00:00Z');
    expect(again).toMatchObject({ merged: 0, split: 0, moved: 0 });
  });
});

describe('sample data', () => {
  it('ends with the five shared stories of data/samples, trimmed copies included, and nothing else merged', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const config = JSON.parse(readFileSync(`${root}feeds.config.json`, 'utf8')) as { sources: Array<{ url: string }>; feeds: unknown[] };
    for (const source of config.sources) source.url = `${root}${source.url}`;
    const { store, dir } = tempStore();
    const loaded = parseConfigText(JSON.stringify({ ...config, database: `${dir}/x.db`, feeds: [] }), `${dir}/feeds.config.json`);
    await runIngest(loaded, store, silentLogger(), { all: true });
    const storyOf = (source: string, guid: string) => store.items.findByIdentity(source, `guid:${guid}`)?.storyId ?? `missing ${guid}`;
    const pairs: Array<[string, string, string, string]> = [
      ['awp-fr', 'awp-2024-04-17-0418', 'lagazette', 'tag:lagazette.example.fr,2024:article-4187'],
      ['awp-fr', 'awp-2024-04-16-0288', 'lagazette', 'tag:lagazette.example.fr,2024:article-4171'],
      ['awp-fr', 'awp-2024-04-16-0241', 'lagazette', 'tag:lagazette.example.fr,2024:article-4176'],
      ['wws-en', 'wws-2024-04-17-0251', 'harbour-courier', 'https://harbourcourier.example.org/?p=10427'],
      ['wws-en', 'wws-2024-04-15-0176', 'harbour-courier', 'https://harbourcourier.example.org/?p=10398'],
    ];
    for (const [s1, g1, s2, g2] of pairs) expect(storyOf(s2, g2), g1).toBe(storyOf(s1, g1));
    // Only the five pairs share a story, plus the seed page of La Gazette's web site when that
    // source is configured (its body is the seed, verbatim).
    const seedVersions = store.items.byStory(storyOf('awp-fr', 'awp-2024-04-17-0418'));
    expect(seedVersions.filter((v) => !['awp-fr', 'lagazette', 'lagazette-web'].includes(v.sourceId))).toEqual([]);
    expect(store.items.count()).toBeGreaterThanOrEqual(48);
    expect(store.stories.count()).toBe(store.items.count() - pairs.length - (seedVersions.length - 2));
    expect(storyOf('awp-fr', 'awp-2024-04-18-0452')).not.toBe(storyOf('awp-fr', 'awp-2024-04-18-0477'));
    // The wire, first and of higher priority, is the canonical version.
    const seedStory = store.stories.get(storyOf('awp-fr', 'awp-2024-04-17-0418'));
    expect(store.items.get(seedStory!.canonicalItemId!)?.guid).toBe('awp-2024-04-17-0418');
    store.close();
  });
});
