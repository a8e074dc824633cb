/**
 * Cold ingest, whole processes: `node dist/cli.js ingest` of a generated 5,000-item RSS feed of
 * distinct stories into a fresh store, beside the minimal aggregator of ingest-baseline.ts
 * (rss-parser + sanitize-html + better-sqlite3, FTS5 filled once per refresh, one transaction, no
 * stories) storing the same feed. Medians of 3 runs each, alternated, in one run: items/s, wall,
 * CPU (user + sys of the child, every thread) and the ratios.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../src/store/open-store.js';
import { generateRss } from './generate-feed.js';

const ITEMS = 5000;
const RUNS = 3;
const ROOT = resolve(import.meta.dirname, '../..');
/** Loaded into each child: reports the process's own CPU time (all threads) when it exits. */
const CPU_PROBE = `data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-probe "+JSON.stringify(u)+"\\n")})`;

interface Run { wallMs: number; cpuMs: number; stdout: string }
export interface Medians { wallMs: number; cpuMs: number }

export async function run(): Promise<void> {
  const { baseline: b, wiredesk: w } = await compareIngest(ITEMS);
  process.stdout.write(`ratio wiredesk/baseline items/s: ${(b.wallMs / w.wallMs).toFixed(2)}×  (CPU: baseline/wiredesk ${(b.cpuMs / w.cpuMs).toFixed(2)}×; goal ≥ 0.5×)\n`);
}

/** The baseline and `wiredesk ingest` of one generated feed of `items` items, alternated, RUNS each: their medians. */
export async function compareIngest(items: number): Promise<{ baseline: Medians; wiredesk: Medians }> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-ingest-'));
  try {
    const feed = join(dir, 'feed.rss');
    writeFileSync(feed, generateRss(items));
    const baseline: Run[] = [];
    const wiredesk: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await runBaseline(dir, feed, i, items));
      wiredesk.push(await runWiredesk(dir, feed, i, items));
    }
    return {
      baseline: summarize('baseline (rss-parser + sanitize-html + better-sqlite3 + FTS5)', baseline, items),
      wiredesk: summarize('wiredesk ingest (node dist/cli.js ingest)', wiredesk, items),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runBaseline(dir: string, feed: string, i: number, expected: number): Promise<Run> {
  const db = join(dir, `baseline-${i}.db`);
  const result = await timeProcess([join(ROOT, 'dist-bench/bench/ingest-baseline.js'), feed, db]);
  const items = (JSON.parse(result.stdout) as { items: number }).items;
  if (items !== expected) throw new Error(`bench: the baseline stored ${items} items, not ${expected}`);
  return result;
}

async function runWiredesk(dir: string, feed: string, i: number, expected: number): Promise<Run> {
  const database = join(dir, `wiredesk-${i}.db`);
  const config = join(dir, `wiredesk-${i}.json`);
  writeFileSync(config, JSON.stringify({
    database, retention: { days: 36500 }, sources: [{ id: 'bench', url: feed, kind: 'wire' }], feeds: [],
  }));
  const result = await timeProcess([join(ROOT, 'dist/cli.js'), 'ingest', '--all', '--config', config]);
  const store = openStore(database, { readonly: true });
  try {
    const items = store.items.count();
    if (items !== expected) throw new Error(`bench: wiredesk stored ${items} items, not ${expected}: ${result.stdout}`);
  } finally {
    store.close();
  }
  return result;
}

function timeProcess(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PROBE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const probe = /cpu-probe (\{.*\})/.exec(stderr);
      if (code !== 0 || !probe?.[1]) return fail(new Error(`bench: ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      const usage = JSON.parse(probe[1]) as { user: number; system: number };
      done({ wallMs, cpuMs: (usage.user + usage.system) / 1000, stdout });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function summarize(label: string, runs: Run[], items: number): Medians {
  const wallMs = median(runs.map((r) => r.wallMs));
  const cpuMs = median(runs.map((r) => r.cpuMs));
  const walls = runs.map((r) => r.wallMs.toFixed(0)).join('/');
  process.stdout.write(`${label.padEnd(62)} ${((items / wallMs) * 1000).toFixed(0).padStart(6)} items/s  wall ${wallMs.toFixed(0).padStart(6)} ms (${walls})  CPU ${cpuMs.toFixed(0).padStart(6)} ms\n`);
  return { wallMs, cpuMs };
}
