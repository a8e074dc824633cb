/**
 * Serving a ~160 KB Atom curated feed (80 entries) from the real service (`startService`, in its own
 * process) beside a bare node:http server (another process) sending the same bytes with the same
 * status, in the same run:
 * 1. wrk (`-t2 -c50 -d8s`, no Accept-Encoding) and autocannon (50 connections), full 200s and
 *    revalidations (If-None-Match → 304). Goal: ours ≥ 0.8× bare. The 304 is measured once more
 *    against a bare server that also sends our 304's headers: the gap that is left is our code.
 * 2. p99 latency of that feed under 50 connections, idle (six windows, before and after) and during
 *    a cold fill of 5,000 new items in the same process, newer than the feed's entries (the last
 *    slice changes the feed: it is re-rendered off the request path while the previous body is
 *    served). Goal: within 2× of idle and under 50 ms (serve-fill.ts).
 * `WIREDESK_BENCH_SERVE=fill` runs only part 2 (the sliced commit's figure, in a minute or two);
 * `WIREDESK_BENCH_SERVE=quiet` only times the same fill with no client (what the slicing costs it);
 * `WIREDESK_BENCH_PIN=0/1` pins the servers and wrk to separate CPUs (serve-wrk.ts);
 * `WIREDESK_BENCH_TRACE=FILE` writes the service's timeline during the fill (serve-trace.ts) and its CPU profile (serve-profile.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseConfigText } from '../src/config/load-config.js';
import { runIngest } from '../src/ingest/run-ingest.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';
import { generateRss } from './generate-feed.js';
import { fillWithoutReaders, latencyDuringFill } from './serve-fill.js';
import type { TargetReady } from './serve-target.js';
import { median, pinned, wrk } from './serve-wrk.js';

interface AutocannonResult { requests: { average: number; total: number }; non2xx: number; errors: number }
type Autocannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const HERE = dirname(fileURLToPath(import.meta.url));
const FEED_PATH = '/feeds/desk.atom';
const FEED_ENTRIES = 80;
const SEED_ITEMS = 120;
const FILL_ITEMS = 5000;
const ROUNDS = 2;

interface Target { child: ChildProcess; ready: TargetReady }
interface Measured { rps: number; requests: number; cpuUsPerRequest: number; bad: number }

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-serve-'));
  const children: ChildProcess[] = [];
  try {
    const { configPath, archive } = await prepareWorkspace(dir);
    const bodyFile = join(dir, 'body.atom');
    const ours = await startTarget(['service', configPath, FEED_PATH, bodyFile]);
    children.push(ours.child);
    const bare = await startTarget(['bare', bodyFile, ours.ready.contentType, ours.ready.etag]);
    children.push(bare.child);
    const ourHeaders = await notModifiedHeaders(`${ours.ready.url}${FEED_PATH}`, ours.ready.etag);
    const sameHeaders = await startTarget(['bare', bodyFile, ours.ready.contentType, ours.ready.etag, JSON.stringify(ourHeaders)]);
    children.push(sameHeaders.child);
    process.stdout.write(`feed ${FEED_PATH}: ${ours.ready.entries} entries, ${ours.ready.bytes} bytes; 50 connections, ${ROUNDS} alternating rounds each\n`);
    const byWrk = (headers: string[]) => (t: Target) => measure(t, () => wrk(`${t.ready.url}${FEED_PATH}`, 8, headers));
    const byAutocannon = (headers: Record<string, string>) => (t: Target) => measure(t, () => cannon(`${t.ready.url}${FEED_PATH}`, 3, headers));
    if (process.env.WIREDESK_BENCH_SERVE === 'quiet') return await fillWithoutReaders({ child: ours.child, url: ours.ready.url }, archive, FILL_ITEMS);
    if (process.env.WIREDESK_BENCH_SERVE !== 'fill') {
      await compare('wrk, 200 (full body)', ours, bare, byWrk([]));
      await compare('wrk, 304 (If-None-Match)', ours, bare, byWrk(['-H', `If-None-Match: ${ours.ready.etag}`]));
      // Shorter: it only splits the 304 gap into what the headers cost and what our code does.
      const byShortWrk = (t: Target) => measure(t, () => wrk(`${t.ready.url}${FEED_PATH}`, 4, ['-H', `If-None-Match: ${ours.ready.etag}`]));
      await compare(`wrk, 304, the bare server sending our 304 headers too (${Object.keys(ourHeaders).join(', ')})`, ours, sameHeaders, byShortWrk);
      await compare('autocannon, 200 (full body)', ours, bare, byAutocannon({}));
      await compare('autocannon, 304 (If-None-Match)', ours, bare, byAutocannon({ 'if-none-match': ours.ready.etag }));
    }
    await latencyDuringFill({ child: ours.child, url: ours.ready.url }, { child: bare.child, url: bare.ready.url }, FEED_PATH, archive, FILL_ITEMS);
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A seed source with the feed's 80+ entries, and an archive source, empty until the fill. */
async function prepareWorkspace(dir: string): Promise<{ configPath: string; archive: { file: string; xml: string } }> {
  // One generated run of distinct stories: the oldest seed the feed, the 5,000 newer ones are the archive.
  const items = generateRss(SEED_ITEMS + FILL_ITEMS).split('\n<item>');
  const head = items[0] ?? '';
  const tail = '</channel></rss>';
  const pick = (from: number, to: number) => `${head}\n<item>${items.slice(1 + from, 1 + to).join('\n<item>').replace(tail, '')}${tail}`;
  const seed = join(dir, 'seed.rss');
  const archive = { file: join(dir, 'archive.rss'), xml: pick(SEED_ITEMS, SEED_ITEMS + FILL_ITEMS) };
  writeFileSync(seed, pick(0, SEED_ITEMS));
  writeFileSync(archive.file, `${head}${tail}`);
  const config = {
    database: join(dir, 'wiredesk.db'), server: { host: '127.0.0.1', port: 0 }, retention: { days: 36500 },
    schedule: { cron: '0 0 1 1 *', interval: 900 },
    sources: [
      { id: 'seed', title: 'Seed wire', kind: 'wire', url: seed, language: 'en' },
      { id: 'archive', title: 'Archive', kind: 'partner', url: archive.file, language: 'en' },
    ],
    feeds: [{ id: 'desk', title: 'Desk', include: {}, limit: FEED_ENTRIES, formats: ['atom', 'rss'] }],
  };
  const configPath = join(dir, 'feeds.config.json');
  const text = JSON.stringify(config);
  writeFileSync(configPath, text);
  const store = openStore(config.database);
  try {
    // Only the seed: the archive stays due, so the service's next pass fetches it.
    await runIngest(parseConfigText(text, configPath), store, silentLogger(), { sourceIds: ['seed'] });
  } finally {
    store.close();
  }
  return { configPath, archive };
}

/** The headers the service sends with its 304 beside ETag, Date and the connection's own. */
async function notModifiedHeaders(url: string, etag: string): Promise<Record<string, string>> {
  const res = await fetch(url, { headers: { 'if-none-match': etag } });
  await res.arrayBuffer();
  const own = new Set(['etag', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries([...res.headers].filter(([name]) => !own.has(name)));
}

async function startTarget(args: string[]): Promise<Target> {
  const [command, argv] = pinned('servers', process.execPath, [join(HERE, 'serve-target.js'), ...args]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return { child, ready: JSON.parse(line) as TargetReady };
  throw new Error('bench: serve target exited before listening');
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: Record<string, unknown>) => {
      if (!(key in reply)) return;
      child.off('message', listener);
      resolve(reply[key] as T);
    };
    child.on('message', listener);
    child.send(message);
  });
}

/** Requests per second and the server's CPU per request (robust when other work shares the cores). */
async function measure(target: Target, load: () => Promise<{ rps: number; requests: number; bad: number }>): Promise<Measured> {
  const before = await ask<NodeJS.CpuUsage>(target.child, 'cpu', 'cpu');
  const result = await load();
  const after = await ask<NodeJS.CpuUsage>(target.child, 'cpu', 'cpu');
  const cpu = after.user + after.system - before.user - before.system;
  return { ...result, cpuUsPerRequest: cpu / Math.max(1, result.requests) };
}

async function cannon(url: string, seconds: number, headers: Record<string, string>): Promise<{ rps: number; requests: number; bad: number }> {
  const r = await autocannon({ url, connections: 50, duration: seconds, headers });
  // autocannon counts a 304 as non-2xx: only a revalidation may answer something else than 200.
  const expected = headers['if-none-match'] === undefined ? 0 : r.non2xx;
  return { rps: r.requests.average, requests: r.requests.total, bad: r.non2xx - expected + r.errors };
}

/** Alternates bare and ours (who goes first swaps each round) after a warm-up of each; medians. */
async function compare(label: string, ours: Target, bare: Target, measureOne: (t: Target) => Promise<Measured>): Promise<void> {
  for (const t of [bare, ours]) await measureOne(t);
  const runs = { bare: [] as Measured[], ours: [] as Measured[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of round % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const)) runs[name].push(await measureOne(name === 'bare' ? bare : ours));
  }
  const med = (name: 'bare' | 'ours', key: 'rps' | 'cpuUsPerRequest') => median(runs[name].map((r) => r[key]));
  const bad = (name: 'bare' | 'ours') => runs[name].reduce((sum, r) => sum + r.bad, 0);
  const line = (name: 'bare' | 'ours') => `  ${name.padEnd(5)} ${med(name, 'rps').toFixed(0).padStart(7)} req/s  server CPU ${med(name, 'cpuUsPerRequest').toFixed(1).padStart(6)} µs/req  bad ${bad(name)}\n`;
  process.stdout.write(`${label}\n${line('bare')}${line('ours')}`);
  process.stdout.write(`  ratio ours/bare: ${(med('ours', 'rps') / med('bare', 'rps')).toFixed(2)} req/s (goal ≥ 0.80); ${(med('bare', 'cpuUsPerRequest') / med('ours', 'cpuUsPerRequest')).toFixed(2)} by server CPU per request\n`);
}
