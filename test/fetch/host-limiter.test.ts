import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import { createHostLimiter, createLimiter } from '../../src/fetch/host-limiter.js';
import { startFixtureServer } from './fixture-server.js';
import type { FixtureServer } from './fixture-server.js';

const OPTIONS = { timeoutMs: 5000, maxBytes: 1 << 20 };

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    '/slow.rss': (_req, res) => {
      setTimeout(() => res.writeHead(200).end('<rss/>'), 100);
    },
  });
});

afterAll(async () => {
  await server.close();
});

/** A task the test finishes by hand, so concurrency is observed without timing guesses. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createHostLimiter', () => {
  it('keeps at most perHost requests in flight to one host, as the server sees it', async () => {
    const limiter = createHostLimiter({ perHost: 2 });
    server.maxInFlight = 0;
    const urls = Array.from({ length: 6 }, (_, i) => server.url(`/slow.rss?n=${i}`));
    const results = await Promise.all(urls.map((url) => limiter.run(url, () => fetchResource(url, OPTIONS))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.maxInFlight).toBe(2);
  });

  it('lets unlimited fetches overlap on the same server (the control for the test above)', async () => {
    server.maxInFlight = 0;
    const urls = Array.from({ length: 6 }, (_, i) => server.url(`/slow.rss?n=${i}`));
    await Promise.all(urls.map((url) => fetchResource(url, OPTIONS)));
    expect(server.maxInFlight).toBeGreaterThan(2);
  });

  it('starts queued tasks for one host in FIFO order', async () => {
    const limiter = createHostLimiter({ perHost: 1 });
    const started: number[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      limiter.run('https://wire.example/feed', async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0]);
    gates[0]?.open();
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]?.open();
    gates[2]?.open();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2]);
  });

  it('does not make one host wait for another', async () => {
    const limiter = createHostLimiter({ perHost: 1 });
    const a = gate();
    const b = gate();
    const runA = limiter.run('https://a.example/feed', () => a.promise);
    const runB = limiter.run('https://b.example:8443/feed', () => b.promise);
    await tick();
    expect(limiter.activeFor('https://a.example/other')).toBe(1);
    expect(limiter.activeFor('https://b.example:8443/x')).toBe(1);
    a.open();
    b.open();
    await Promise.all([runA, runB]);
    expect(limiter.activeFor('https://a.example/other')).toBe(0);
  });

  it('caps the total across hosts when total is set', async () => {
    const limiter = createHostLimiter({ perHost: 2, total: 3 });
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 9 }, () => gate());
    const runs = gates.map((g, i) =>
      limiter.run(`https://host${i % 3}.example/feed`, async () => {
        running += 1;
        most = Math.max(most, running);
        await g.promise;
        running -= 1;
      }),
    );
    await tick();
    expect(running).toBe(3);
    for (const g of gates) {
      g.open();
      await tick();
    }
    await Promise.all(runs);
    expect(most).toBe(3);
  });

  it('spaces request starts to one host by at least minDelayMs', async () => {
    // A fake clock: the spacing is the limiter's decision, not the machine's load.
    vi.useFakeTimers();
    try {
      const limiter = createHostLimiter({ perHost: 3, minDelayMs: 60 });
      const starts: number[] = [];
      const all = Promise.all(
        [0, 1, 2].map(() =>
          limiter.run('https://wire.example/feed', async () => {
            starts.push(Date.now());
          }),
        ),
      );
      await vi.runAllTimersAsync();
      await all;
      expect(starts).toHaveLength(3);
      expect((starts[1] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(60);
      expect((starts[2] ?? 0) - (starts[1] ?? 0)).toBeGreaterThanOrEqual(60);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes a failure through to its caller and frees the slot', async () => {
    const limiter = createHostLimiter({ perHost: 1 });
    await expect(limiter.run('https://wire.example/feed', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(limiter.run('https://wire.example/feed', () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a perHost that is not a positive integer', () => {
    expect(() => createHostLimiter({ perHost: 0 })).toThrow(RangeError);
  });
});

describe('createLimiter', () => {
  it('runs at most n tasks at once and reports active and pending counts', async () => {
    const limiter = createLimiter(2);
    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g) => limiter.run(() => g.promise));
    await tick();
    expect(limiter.active).toBe(2);
    expect(limiter.pending).toBe(1);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(limiter.active).toBe(0);
  });
});

describe('holding a place', () => {
  it('gives a place to the next holder only when one is given back, in turn', async () => {
    const limiter = createLimiter(2);
    const order: string[] = [];
    const first = await limiter.hold();
    const second = await limiter.hold();
    const third = limiter.hold().then((release) => (order.push('third'), release));
    const fourth = limiter.hold().then((release) => (order.push('fourth'), release));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    expect(limiter.active).toBe(2);
    second();
    (await third)();
    first();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    await new Promise((r) => setImmediate(r));
    expect(limiter.active).toBe(0);
  });
});
