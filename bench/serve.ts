/**
 * Serving one curated feed (~50 entries) with autocannon at 50 connections: our server beside a
 * bare node:http server answering the same bytes, in the same run, for full 200 responses and for
 * revalidations (If-None-Match → 304). Goal: ours ≥ 0.8× the bare server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseConfigText } from '../src/config/load-config.js';
import { runIngest } from '../src/ingest/run-ingest.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';

interface AutocannonResult {
  requests: { average: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CONNECTIONS = 50;
const DURATION_S = 3;
const WARMUP_S = 2;
const ROUNDS = 4;

interface Run extends AutocannonResult {
  /** Server process CPU (user + system) per request served, in µs. */
  cpuUsPerRequest: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function cpuOf(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    child.once('message', (usage) => resolve(usage as NodeJS.CpuUsage));
    child.send('cpu');
  });
}

interface Target { oursPort: number; barePort: number; path: string; etag: string; bytes: number; entries: number }

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-serve-'));
  let child: ChildProcess | null = null;
  try {
    const configPath = await prepareWorkspace(dir);
    const started = await startTarget(configPath);
    child = started.child;
    const { target } = started;
    process.stdout.write(`feed ${target.path}: ${target.entries} entries, ${target.bytes} bytes; ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION_S} s\n`);
    await compare('200 (full body)', target, {}, child);
    await compare('304 (If-None-Match)', target, { 'if-none-match': target.etag }, child);
  } finally {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sample config with one more feed over every source (≈50 entries), ingested once. */
async function prepareWorkspace(dir: string): Promise<string> {
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as { database: string; sources: Array<{ url: string }>; feeds: unknown[] };
  config.database = join(dir, 'wiredesk.db');
  for (const source of config.sources) source.url = resolve(ROOT, source.url);
  config.feeds.push({ id: 'everything', title: 'Everything', include: {}, limit: 50 });
  const configPath = join(dir, 'feeds.config.json');
  const text = JSON.stringify(config);
  writeFileSync(configPath, text);
  const store = openStore(config.database);
  try {
    await runIngest(parseConfigText(text, configPath), store, silentLogger(), { all: true });
  } finally {
    store.close();
  }
  return configPath;
}

async function startTarget(configPath: string): Promise<{ child: ChildProcess; target: Target }> {
  const child = spawn(process.execPath, [join(HERE, 'serve-target.js'), configPath, 'everything', 'rss'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return { child, target: JSON.parse(line) as Target };
  throw new Error('bench: serve target exited before listening');
}

/**
 * Alternates bare and ours for ROUNDS rounds, so load from anything else on the machine hits both
 * alike; reports the median req/s and CPU per request, and the worst p99, over the rounds.
 */
async function compare(label: string, target: Target, headers: Record<string, string>, child: ChildProcess): Promise<void> {
  const measure = async (port: number, duration: number): Promise<Run> => {
    const before = await cpuOf(child);
    const result = await autocannon({ url: `http://127.0.0.1:${port}${target.path}`, connections: CONNECTIONS, duration, headers });
    const after = await cpuOf(child);
    const requests = result.requests.average * duration;
    return { ...result, cpuUsPerRequest: (after.user + after.system - before.user - before.system) / Math.max(1, requests) };
  };
  await measure(target.barePort, WARMUP_S); // JIT warm-up, not counted
  await measure(target.oursPort, WARMUP_S);
  const results = { bare: [] as Run[], ours: [] as Run[] };
  // Each round swaps who goes first, so neither side always follows the other's garbage.
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
    for (const name of order) results[name].push(await measure(name === 'bare' ? target.barePort : target.oursPort, DURATION_S));
  }
  const summary = (runs: Run[]) => ({
    rps: median(runs.map((r) => r.requests.average)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    cpu: median(runs.map((r) => r.cpuUsPerRequest)),
  });
  const bare = summary(results.bare);
  const ours = summary(results.ours);
  const line = (name: string, r: ReturnType<typeof summary>) =>
    `  ${name.padEnd(5)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99).padStart(3)} ms  server CPU ${r.cpu.toFixed(1).padStart(5)} µs/req  non-2xx ${r.non2xx}  errors ${r.errors}\n`;
  process.stdout.write(`${label}\n${line('bare', bare)}${line('ours', ours)}`);
  process.stdout.write(`  ratio ours/bare: ${(ours.rps / bare.rps).toFixed(2)} req/s (goal ≥ 0.80); ${(bare.cpu / ours.cpu).toFixed(2)} by server CPU per request\n`);
}
