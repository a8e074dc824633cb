/** The bundled sample config's wire sources: a flash feed, and a killed item absent everywhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { renderFeed } from '../../src/emit/render-feed.js';
import type { Store } from '../../src/store/open-store.js';
import { ingestedSample, type SampleWorkspace } from './sample-workspace.js';

let sample: SampleWorkspace & { store: Store };
beforeAll(async () => {
  sample = await ingestedSample();
});
afterAll(() => sample.store.close());

const render = async (id: string, format: 'rss' | 'atom' | 'json') => {
  const feed = await createFeedLoader(() => sample.loaded.config, sample.store.curate)(id);
  if (!feed) throw new Error(`no feed ${id}`);
  return renderFeed(feed, format).body;
};

describe('the bundled wire samples', () => {
  it('show a flash feed of the urgency 1 and 2 items from both agency formats', async () => {
    const titles = (JSON.parse(await render('flash', 'json')) as { items: Array<{ title: string }> }).items.map((i) => i.title);
    expect(titles).toEqual(['Volcano erupts on Reykjanes peninsula, Keflavik flights halted', 'Ferry runs aground off Bergen, all passengers safe']);
  });

  it('leave the killed story out of every feed, with a tombstone in the flash Atom feed', async () => {
    for (const feed of sample.loaded.config.feeds) {
      for (const format of ['rss', 'json'] as const) expect(await render(feed.id, format), `${feed.id}.${format}`).not.toContain('mayor resigns');
    }
    expect(await render('flash', 'atom')).toContain('<at:deleted-entry ref="tag:northwind-wire.example,2024:0418-mayor"');
    expect(await render('francais', 'atom')).not.toContain('deleted-entry');
    expect(sample.store.wire.recentEvents(10).map((e) => [e.kind, e.sourceId])).toEqual([['killed', 'northwind-g2']]);
  });
});
