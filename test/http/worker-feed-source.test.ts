/**
 * The service's feed source, compiled (dist/: the worker thread runs built JavaScript), over the
 * ingested sample store: the bytes selected and rendered in the worker are those the calling
 * thread renders, and the worker reads stored changes through its own connection.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { renderFeed } from '../../src/emit/render-feed.js';
import type { FeedSource } from '../../src/http/feed-source.js';
import type { Store } from '../../src/store/open-store.js';
import { ingestedSample } from '../e2e/sample-workspace.js';

const COMPILED = '../../dist/http/worker-feed-source.js';
const { createWorkerFeedSource } = (await import(COMPILED)) as typeof import('../../src/http/worker-feed-source.js');

let dir = '';
let store: Store;
let config: Config;
let source: FeedSource;

beforeAll(async () => {
  const sample = await ingestedSample();
  ({ dir, store } = sample);
  config = sample.loaded.config;
  source = createWorkerFeedSource({ config: () => config, store });
});
afterAll(async () => {
  await source.close?.();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createWorkerFeedSource', () => {
  it('selects and renders a feed in the worker thread to the very bytes the calling thread renders', async () => {
    const feed = config.feeds[0];
    if (feed === undefined) throw new Error('the sample config has feeds');
    const loaded = await source.load({ id: feed.id, knownSignature: null, cached: ['rss'], wanted: 'atom' });
    const inline = await createFeedLoader(() => config, store.curate)(feed.id);
    expect(loaded?.entryCount).toBe(inline?.entries.length);
    expect(loaded?.entryCount).toBeGreaterThan(0);
    for (const format of ['rss', 'atom'] as const) {
      expect(Buffer.isBuffer(loaded?.bodies[format]?.body)).toBe(true);
      expect(loaded?.bodies[format]?.body.toString('utf8')).toBe(renderFeed(inline!, format).body);
    }
    expect(loaded?.bodies.json).toBeUndefined();
  });

  it('renders nothing again for an unchanged feed, only a format not yet held', async () => {
    const id = config.feeds[0]?.id ?? '';
    const first = await source.load({ id, knownSignature: null, cached: [], wanted: 'rss' });
    const again = await source.load({ id, knownSignature: first?.signature ?? null, cached: ['rss'], wanted: 'rss' });
    expect(again).toMatchObject({ signature: first?.signature, bodies: {} });
    const json = await source.load({ id, knownSignature: first?.signature ?? null, cached: ['rss'], wanted: 'json' });
    expect(Object.keys(json?.bodies ?? {})).toEqual(['json']);
  });

  it('answers null for a feed the config does not have, and follows a config change', async () => {
    expect(await source.load({ id: 'nope', knownSignature: null, cached: [], wanted: 'rss' })).toBeNull();
    const first = config.feeds[0]!;
    config = { ...config, feeds: [...config.feeds, { ...first, id: 'copy', title: 'A copy' }] };
    const copy = await source.load({ id: 'copy', knownSignature: null, cached: [], wanted: 'rss' });
    expect(copy?.bodies.rss?.body.toString('utf8')).toContain('A copy');
  });
});
