import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWebSubPublisher, webSubLinkHeader, type WebSubTopic } from '../../src/http/websub.js';
import { startHubStub, type HubStub } from '../e2e/hub-stub.js';
import { tempStore } from '../helpers/temp-store.js';

let hub: HubStub;
beforeAll(async () => {
  hub = await startHubStub();
});
afterAll(() => hub.close());
beforeEach(() => {
  hub.pings.length = 0;
  hub.status = 202;
});

const TOPICS: WebSubTopic[] = [
  { id: 'une', format: 'rss', url: 'https://news.example/feeds/une.rss' },
  { id: 'une', format: 'atom', url: 'https://news.example/feeds/une.atom' },
];

function publisherWith(etags: Map<string, string | null>) {
  return createWebSubPublisher({ hub: () => hub.url, topics: () => TOPICS, etagOf: async (id, format) => etags.get(`${id}.${format}`) ?? null });
}

describe('WebSub publishing', () => {
  it('pings the hub with hub.mode=publish and the feed URL for each feed whose body changed, once', async () => {
    const etags = new Map<string, string | null>([['une.rss', '"a"'], ['une.atom', '"b"']]);
    const publisher = publisherWith(etags);
    await publisher.prime();
    expect(await publisher.publishChanges()).toEqual([]);
    etags.set('une.atom', '"b2"');
    expect(await publisher.publishChanges()).toEqual(['https://news.example/feeds/une.atom']);
    expect(hub.pings).toEqual([{ contentType: 'application/x-www-form-urlencoded', mode: 'publish', urls: ['https://news.example/feeds/une.atom'] }]);
    expect(await publisher.publishChanges()).toEqual([]);
    expect(hub.pings).toHaveLength(1);
  });

  it('announces feeds that appear after priming, and skips feeds that are gone', async () => {
    const etags = new Map<string, string | null>([['une.rss', null], ['une.atom', null]]);
    const publisher = publisherWith(etags);
    await publisher.prime();
    etags.set('une.rss', '"new"');
    expect(await publisher.publishChanges()).toEqual(['https://news.example/feeds/une.rss']);
  });

  it('pings again after the next pass when the hub refused or could not be reached', async () => {
    const etags = new Map<string, string | null>([['une.rss', '"a"'], ['une.atom', '"b"']]);
    const publisher = publisherWith(etags);
    await publisher.prime();
    etags.set('une.rss', '"a2"');
    hub.status = 503;
    expect(await publisher.publishChanges()).toEqual([]);
    hub.status = 204;
    expect(await publisher.publishChanges()).toEqual(['https://news.example/feeds/une.rss']);
    expect(hub.pings.map((p) => p.urls)).toEqual([['https://news.example/feeds/une.rss'], ['https://news.example/feeds/une.rss']]);
    const unreachable = createWebSubPublisher({ hub: () => 'http://127.0.0.1:9/hub', topics: () => TOPICS, etagOf: async () => '"x"', timeoutMs: 2000 });
    expect(await unreachable.publishChanges()).toEqual([]);
  });

  it('writes the Link header WebSub subscribers discover the hub from', () => {
    expect(webSubLinkHeader('https://hub.example/', 'https://news.example/feeds/une.rss')).toBe('<https://hub.example/>; rel="hub", <https://news.example/feeds/une.rss>; rel="self"');
  });
});

describe('WebSub publishing without a hub', () => {
  it('renders and announces nothing, then announces every feed once a hub is configured', async () => {
    let hubUrl: string | null = null;
    let looked = 0;
    const publisher = createWebSubPublisher({ hub: () => hubUrl, topics: () => TOPICS, etagOf: () => { looked += 1; return '"x"'; } });
    await publisher.prime();
    expect(await publisher.publishChanges()).toEqual([]);
    expect(looked).toBe(0);
    hubUrl = hub.url;
    expect(await publisher.publishChanges()).toEqual(TOPICS.map((t) => t.url));
  });
});

describe('WebSub publishing through the store outbox', () => {
  const setup = () => {
    const { store } = tempStore();
    const etags = new Map<string, string | null>([['une.rss', '"a"'], ['une.atom', '"b"']]);
    const publisher = () => createWebSubPublisher({ hub: () => hub.url, topics: () => TOPICS, etagOf: async (id, format) => etags.get(`${id}.${format}`) ?? null, outbox: store.websub });
    return { store, etags, publisher };
  };

  it('checks feeds only when a refresh left an outbox row, and consumes it once the hub accepted', async () => {
    const { store, publisher } = setup();
    const p = publisher();
    await p.prime();
    expect(await p.publishChanges()).toEqual([]);
    store.websub.enqueue('2024-04-18T00:00:00Z');
    expect(await p.publishChanges()).toEqual(TOPICS.map((t) => t.url));
    expect(store.websub.lastPending()).toBeNull();
    store.websub.enqueue('2024-04-18T00:10:00Z');
    expect(await p.publishChanges()).toEqual([]);
    expect(hub.pings).toHaveLength(TOPICS.length);
    store.close();
  });

  it('keeps the row while the hub refuses, and a restarted service sends the ping a crash cut off, once', async () => {
    const { store, etags, publisher } = setup();
    store.websub.enqueue('2024-04-18T00:00:00Z');
    hub.status = 503;
    expect(await publisher().publishChanges()).toEqual([]);
    expect(store.websub.lastPending()).not.toBeNull();
    hub.status = 202;
    // A new publisher over the same store: what was announced is remembered, what was not is sent.
    expect(await publisher().publishChanges()).toEqual(TOPICS.map((t) => t.url));
    etags.set('une.atom', '"b2"');
    store.websub.enqueue('2024-04-18T00:10:00Z');
    expect(await publisher().publishChanges()).toEqual(['https://news.example/feeds/une.atom']);
    expect(await publisher().publishChanges()).toEqual([]);
    store.close();
  });
});
