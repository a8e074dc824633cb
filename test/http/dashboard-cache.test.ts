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
    expect((await request(port, '/')).body.toString()).toContain('200 items');
    expect(builds).toBe(2);
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
