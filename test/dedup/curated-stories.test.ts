import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { selectFeed } from '../../src/curate/select-feed.js';
import { newestUpdate } from '../../src/dedup/newest-update.js';
import { buildCorpus, CORPUS_SOURCES } from '../fixtures/stories/build-corpus.js';
import { ingestCorpus } from './corpus-run.js';

describe('newest update of a story', () => {
  const v = (id: string, published: string, length: number) => ({ id, published, fetchedAt: published, contentText: 'x'.repeat(length) });

  it('is the latest version after the canonical one that is about as complete, never a teaser', async () => {
    const canonical = v('a', '2024-01-01T10:00:00Z', 1000);
    const teaser = v('t', '2024-01-01T13:00:00Z', 200);
    const update = v('u', '2024-01-01T12:00:00Z', 1300);
    expect(newestUpdate(canonical, [canonical, update, teaser])?.id).toBe('u');
    expect(newestUpdate(canonical, [canonical, teaser])).toBeNull();
    expect(newestUpdate(canonical, [v('old', '2024-01-01T09:00:00Z', 2000), canonical])).toBeNull();
  });
});

describe('curated feed over the story corpus', () => {
  it('shows one entry per story: the canonical link, the newest update text, the others as also reported by', async () => {
    const corpus = buildCorpus();
    const { store } = ingestCorpus(corpus, CORPUS_SOURCES);
    const config = configSchema.parse({
      sources: CORPUS_SOURCES.map((s) => ({ id: s.id, url: `https://${s.id}.example/feed`, kind: s.kind, priority: s.priority, title: s.id })),
      feeds: [{ id: 'all', title: 'All', limit: 100 }],
    });
    const feed = await selectFeed(config.feeds[0]!, { config, port: store.curate, baseUrl: 'http://127.0.0.1', now: new Date('2024-05-01T00:00:00Z') });
    expect(feed.entries).toHaveLength(new Set(corpus.map((c) => c.label)).size);
    const ferry = feed.entries.find((e) => e.item.guid === 'wws-en-harbour-ferry-wire');
    expect(ferry?.item.url).toBe('https://wws.example/wws-en-harbour-ferry-wire');
    expect(ferry?.item.contentText).toContain('set aside 350,000 pounds');
    expect(ferry?.alsoReportedBy.map((r) => r.source.id).sort()).toEqual(['briefs', 'harbour', 'ledger']);
    store.close();
  });
});
