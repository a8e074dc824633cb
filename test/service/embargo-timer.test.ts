/**
 * The embargo timer on vitest's fake clock (deterministic: no waiting), and the real service
 * arming it for a stored embargo, serving the item at that time and showing kills on its dashboard.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { createEmbargoTimer } from '../../src/service/embargo-timer.js';
import { startService } from '../../src/service/service.js';
import { startFixtureServer } from '../fetch/fixture-server.js';

const WIRE = join(import.meta.dirname, '../fixtures/wire');

afterEach(() => {
  vi.useRealTimers();
});

describe('embargo timer', () => {
  it('fires at the embargo time, not before, then arms for the next one', () => {
    vi.useFakeTimers({ now: new Date('2024-05-02T11:00:00Z') });
    const embargoes = ['2024-05-02T12:00:00Z', '2024-05-02T15:00:00Z'];
    const lifted: string[] = [];
    const timer = createEmbargoTimer({
      nextEmbargo: (now) => embargoes.find((e) => e > now) ?? null, onLift: (e) => lifted.push(e), log: silentLogger(),
    });
    timer.arm();
    expect(timer.armedFor()).toBe('2024-05-02T12:00:00Z');
    vi.advanceTimersByTime(3599_000);
    expect(lifted).toEqual([]);
    vi.advanceTimersByTime(1_010);
    expect(lifted).toEqual(['2024-05-02T12:00:00Z']);
    expect(timer.armedFor()).toBe('2024-05-02T15:00:00Z');
    vi.advanceTimersByTime(3 * 3600_000);
    expect(lifted).toEqual(['2024-05-02T12:00:00Z', '2024-05-02T15:00:00Z']);
    expect(timer.armedFor()).toBeNull();
    timer.close();
  });

  it('waits in steps for an embargo beyond the longest timeout, and stops when closed', () => {
    vi.useFakeTimers({ now: new Date('2024-05-02T00:00:00Z') });
    const lifted: string[] = [];
    const timer = createEmbargoTimer({ nextEmbargo: (now) => ('2024-07-01T00:00:00Z' > now ? '2024-07-01T00:00:00Z' : null), onLift: (e) => lifted.push(e), log: silentLogger() });
    timer.arm();
    vi.advanceTimersByTime(2 ** 31);
    expect(lifted).toEqual([]);
    expect(timer.armedFor()).toBe('2024-07-01T00:00:00Z');
    timer.close();
    vi.advanceTimersByTime(60 * 86400_000);
    expect(lifted).toEqual([]);
  });
});

describe('the service and wire items', () => {
  it('arms the timer for a stored embargo, hides the item until then and shows a kill on the dashboard', async () => {
    const embargo = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const embargoed = readFileSync(join(WIRE, 'newsml-embargo.xml'), 'utf8').replace('2024-05-02T12:00:00Z', embargo);
    const fixtureServer = await startFixtureServer({
      '/budget.xml': (_q, res) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(embargoed),
      '/killed.xml': (_q, res) => void res.writeHead(200, { 'content-type': 'application/xml' }).end(readFileSync(join(WIRE, 'nitf-kill.xml'))),
    });
    const dir = mkdtempSync(join(tmpdir(), 'wd-embargo-'));
    writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
      database: join(dir, 'wd.db'), server: { port: 0 }, retention: { days: 36500 },
      sources: [
        { id: 'budget', url: fixtureServer.url('/budget.xml'), kind: 'wire', type: 'newsml' },
        { id: 'nord', url: fixtureServer.url('/killed.xml'), kind: 'wire', type: 'nitf' },
      ],
      feeds: [{ id: 'wires', title: 'Wires' }],
    }));
    const service = await startService(loadConfig(join(dir, 'feeds.config.json')), { log: silentLogger(), schedule: false });
    try {
      await service.ready;
      expect(service.embargoArmedFor()).toBe(embargo);
      const feed = await (await fetch(`${service.url}/feeds/wires.json`)).json() as { items: unknown[] };
      expect(feed.items).toEqual([]);
      const dashboard = await (await fetch(`${service.url}/`)).text();
      expect(dashboard).toContain('Wire kills and rejected items');
      expect(dashboard).toContain('KILL: Rail strike halts trains across the north');
      expect(dashboard).toContain('kill: KILL: the strike was called off before it began. Withdraw the story.');
    } finally {
      await service.close();
      await fixtureServer.close();
    }
  });
});
