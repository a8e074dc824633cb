/** `GET /` is built once per change of what it shows, not once per request (10 clients cost one build). */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardRoute } from '../../src/http/dashboard.js';
import type { DashboardData } from '../../src/http/dashboard-html.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { createHttpServer } from '../../src/http/server.js';
import { close, listen, request } from './http-client.js';

let server: Server;
let port = 0;
let builds = 0;
let generation = 1;
let clock = 0;

const data = (): DashboardData => ({
  generatedAt: new Date(0).toISOString(), configProblems: [], hostPauses: [], sources: [], feeds: [], dbSizeBytes: 0,
  items: generation * 100, storyCount: 0, stories: [],
});

beforeAll(async () => {
  const route = createDashboardRoute(() => {
    builds += 1;
    return data();
  }, { inputs: () => [generation], maxAgeMs: 5000, now: () => clock });
  const cache = createFeedCache({ loadFeed: async () => null, generation: () => generation });
  server = createHttpServer({ cache, feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true }) }, [route]);
  port = await listen(server);
});
afterAll(() => close(server));

describe('the dashboard cache', () => {
  it('serves ten concurrent clients from one build, and rebuilds when the store generation changes', async () => {
    const pages = await Promise.all(Array.from({ length: 10 }, () => request(port, '/')));
    expect(pages.every((p) => p.status === 200 && p.body.toString().includes('100 items'))).toBe(true);
    expect(builds).toBe(1);
    generation = 2;
    // The previous page at once; the new one is built off the request path and served next.
    expect((await request(port, '/')).body.toString()).toContain('100 items');
    expect((await request(port, '/')).body.toString()).toContain('200 items');
    expect(builds).toBe(2);
  });

  it('never makes a request wait for a rebuild once a page exists', async () => {
    let release: (value: DashboardData) => void = () => undefined;
    let calls = 0;
    const slow = createDashboardRoute(() => {
      calls += 1;
      if (calls === 1) return data();
      return new Promise<DashboardData>((resolve) => (release = resolve));
    }, { inputs: () => [calls], maxAgeMs: 60_000 });
    const other = createHttpServer({ cache: createFeedCache({ generation: () => 1 }), feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true }) }, [slow]);
    const otherPort = await listen(other);
    try {
      const first = await request(otherPort, '/');
      const whileBuilding = await request(otherPort, '/');
      expect(calls).toBe(2); // the rebuild is pending: its data has not been given yet
      expect(whileBuilding.body.equals(first.body)).toBe(true);
      release({ ...data(), items: 42 });
      await new Promise((resolve) => setImmediate(resolve));
      expect((await request(otherPort, '/')).body.toString()).toContain("42 items");
    } finally {
      await close(other);
    }
  });

  it('rebuilds an unchanged page once it is older than its maximum age', async () => {
    const before = builds;
    await request(port, '/');
    expect(builds).toBe(before);
    clock += 5000;
    await request(port, '/');
    expect(builds).toBe(before + 1);
  });
});
