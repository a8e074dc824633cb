import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describePg, dropTestDatabase, queryOnce as query } from '../helpers/pg.js';
import { startFeedHosts, type FeedHosts } from './feed-hosts.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];

function writeConfig(database: string, urls: string[], perHost: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'wd-pg-poll-'));
  const path = join(dir, 'feeds.config.json');
  writeFileSync(path, JSON.stringify({
    database,
    fetch: { concurrency: 4, perHostConcurrency: perHost, allowPrivateNetworks: true, timeoutMs: 60_000 },
    sources: urls.map((url, i) => ({ id: `s${String(i).padStart(2, '0')}`, url, kind: 'partner', interval: 3600 })),
  }));
  return path;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function ingest(config: string, env: Record<string, string> = {}): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [CLI, 'ingest', '--config', config], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, exit };
}


describePg('several ingest processes on one PostgreSQL', () => {
  const urls: string[] = [];
  beforeAll(async () => {
    urls.push(await createTestDatabase(), await createTestDatabase());
  });
  afterAll(async () => {
    for (const url of urls) await dropTestDatabase(url);
  });

  it('fetches every due source once across three processes, never above the per-host cap, storing every item once', { timeout: 120_000 }, async () => {
    const server: FeedHosts = await startFeedHosts({ addresses: HOSTS, delayMs: (p) => 100 + (p.length * 37) % 200 });
    try {
      const feeds = server.bases.flatMap((base) => Array.from({ length: 8 }, (_, i) => `${base}/feed-${base.slice(-12)}-${i}.xml`));
      const config = writeConfig(urls[0]!, feeds, 2);
      const exits = await Promise.all([1, 2, 3].map(() => ingest(config).exit));
      expect(exits.map((e) => e.code), exits.map((e) => e.stderr).join('\n')).toEqual([0, 0, 0]);
      expect([...server.fetches.values()]).toEqual(feeds.map(() => 1));
      expect(server.fetches.size).toBe(feeds.length);
      for (const host of HOSTS) expect(server.maxInFlight.get(host), host).toBeLessThanOrEqual(2);
      expect(Math.max(...server.maxInFlight.values())).toBe(2);
      const [count] = await query<{ items: number; distinct: number; claimed: number; inflight: number }>(urls[0]!, `SELECT
        (SELECT count(*)::int FROM items) AS items, (SELECT count(DISTINCT (source_id, identity))::int FROM items) AS distinct,
        (SELECT count(*)::int FROM sources WHERE claimed_by IS NOT NULL) AS claimed, (SELECT sum(in_flight)::int FROM hosts) AS inflight`);
      expect(count).toEqual({ items: feeds.length * 2, distinct: feeds.length * 2, claimed: 0, inflight: 0 });
    } finally {
      await server.close();
    }
  });

  it('lets another process take the sources of a worker killed with -9 once its lease expires', { timeout: 60_000 }, async () => {
    const server = await startFeedHosts({ addresses: ['127.0.0.2'], delayMs: () => 20, hangFirst: new Set(['/stuck.xml']) });
    try {
      const feeds = [`${server.bases[0]}/stuck.xml`];
      const config = writeConfig(urls[1]!, feeds, 1);
      const env = { WIREDESK_CLAIM_LEASE_MS: '1500' };
      const victim = ingest(config, env);
      while ((server.fetches.get('/stuck.xml') ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
      victim.child.kill('SIGKILL');
      expect((await victim.exit).signal).toBe('SIGKILL');
      const [held] = await query<{ claimed_by: string | null }>(urls[1]!, `SELECT claimed_by FROM sources`);
      expect(held?.claimed_by).toMatch(/:\d+:/);
      const rescuer = await ingest(config, env).exit;
      expect(rescuer.code, rescuer.stderr).toBe(0);
      expect(server.fetches.get('/stuck.xml')).toBe(2);
      const rows = await query<{ claimed_by: string | null; last_status: number; items: number; inflight: number }>(urls[1]!,
        `SELECT claimed_by, last_status, (SELECT count(*)::int FROM items) AS items, (SELECT in_flight FROM hosts) AS inflight FROM sources`);
      expect(rows).toEqual([{ claimed_by: null, last_status: 200, items: 2, inflight: 0 }]);
    } finally {
      await server.close();
    }
  });
});
