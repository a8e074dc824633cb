/**
 * Whole `wiredesk ingest` processes over generated feeds: one 5,000-item feed, and 10 sources of
 * 5,000 items each at the default `fetch.concurrency` (8). Each run is a fresh child process into
 * a fresh store; it reports wall and CPU time (user + sys), peak RSS, how busy the main thread and
 * the parse threads were, and the event loop's longest stall. Baselines in the same run: the
 * 1-source run (ten sources should peak near it, not ten times it) and the 400 MB goal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/load-config.js';
import { poolSizeFor, WORKER_HEAP_MB, WORKER_YOUNG_MB } from '../src/ingest/read-feed-pool.js';
import { documentsInFlight, runIngest } from '../src/ingest/run-ingest.js';
import { createLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';
import { generateRss } from './generate-feed.js';
import { peakSample, type PeakSample } from './memory-sampler.js';

const ITEMS = 5000;
const GOAL_MB = 400;
const workers = poolSizeFor(availableParallelism());

interface Measured {
  items: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  mainBusy: number;
  threadsBusyMs: number[];
  maxStallMs: number;
  p99StallMs: number;
  /** Where the memory was at the highest sampled RSS. */
  peak: PeakSample | null;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-memory-'));
  try {
    const feeds = Array.from({ length: 10 }, (_, s) => {
      const file = join(dir, `feed-${s}.rss`);
      writeFileSync(file, generateRss(ITEMS, 4, s * 1_000_000));
      return pathToFileURL(file).href;
    });
    const one = print('1 × 5,000 items', measure(dir, 'one', feeds.slice(0, 1)));
    const ten = print('10 × 5,000 items (concurrency 8)', measure(dir, 'ten', feeds));
    // Bounded by design: ten sources at once peak near one source alone, not ten times it.
    process.stdout.write(`ratio peak RSS 10×5,000 / 1×5,000: ${(ten.maxRssMb / one.maxRssMb).toFixed(2)}×; / ${GOAL_MB} MB goal: ${(ten.maxRssMb / GOAL_MB).toFixed(2)}×\n`);
    process.stdout.write(`goal ≤ ${GOAL_MB} MB peak RSS for 10 × 5,000 at default settings: ${ten.maxRssMb <= GOAL_MB ? 'met' : 'missed'} (${ten.maxRssMb.toFixed(0)} MB; 1 × 5,000: ${one.maxRssMb.toFixed(0)} MB)\n`);
    process.stdout.write(`by design: ${documentsInFlight(workers)} documents between fetch and commit (${workers} parse threads), `
      + `thread heaps ${WORKER_HEAP_MB} MB old + ${WORKER_YOUNG_MB} MB young\n`);
    process.stdout.write(`ratio CPU/wall 10×5,000 (cores in use): ${(ten.cpuMs / ten.wallMs).toFixed(2)}; 1×5,000: ${(one.cpuMs / one.wallMs).toFixed(2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(label: string, m: Measured): Measured {
  const threads = m.threadsBusyMs.map((ms) => `${((ms / m.wallMs) * 100).toFixed(0)}%`).join(' ');
  process.stdout.write(`${label.padEnd(34)} wall ${m.wallMs.toFixed(0).padStart(6)} ms  cpu ${m.cpuMs.toFixed(0).padStart(6)} ms  `
    + `${((m.items / m.wallMs) * 1000).toFixed(0).padStart(5)} items/s  peak RSS ${m.maxRssMb.toFixed(0).padStart(4)} MB  `
    + `main busy ${(m.mainBusy * 100).toFixed(0)}%  parse threads busy ${threads}  event loop stall max ${m.maxStallMs.toFixed(0)} ms p99 ${m.p99StallMs.toFixed(0)} ms\n`);
  if (m.peak) process.stdout.write(`${''.padEnd(34)} at the peak: ${breakdown(m.peak)}\n`);
  return m;
}

/** The sampled peak: V8 heaps (used/reserved), the main thread's buffers, and the rest (code, SQLite's cache, malloc). */
function breakdown(p: PeakSample): string {
  const threads = p.threads.map((t) => `${t.used.toFixed(0)}/${t.total.toFixed(0)}`).join(' ');
  const rest = p.rss - p.heapTotal - p.arrayBuffers - p.threads.reduce((n, t) => n + t.total, 0);
  return `RSS ${p.rss.toFixed(0)} MB = main heap ${p.heapUsed.toFixed(0)}/${p.heapTotal.toFixed(0)} MB + main buffers ${p.arrayBuffers.toFixed(0)} MB `
    + `+ parse thread heaps ${threads} MB + native rest ${rest.toFixed(0)} MB`;
}

/** One whole process: this file again, in child mode, against its own config and store. */
function measure(dir: string, name: string, feeds: string[]): Measured {
  const config = join(dir, `${name}.config.json`);
  writeFileSync(config, JSON.stringify({
    // A loaded machine must not turn the CPU limit into a failure: the bench measures, it does not limit.
    database: join(dir, `${name}.db`), retention: { days: 3650 }, fetch: { parseTimeoutMs: 600_000 },
    sources: feeds.map((url, s) => ({ id: `bench-${s}`, url, kind: 'wire' })),
  }));
  // The sampler loads into every thread of the child (workers inherit its flags).
  const sampler = new URL('./memory-sampler.js', import.meta.url).href;
  const child = spawnSync(process.execPath, ['--import', sampler, fileURLToPath(import.meta.url), '--child', config], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`bench: ingest child failed: ${child.stderr}`);
  return JSON.parse(line) as Measured;
}

/** Child mode: `wiredesk ingest --all` in this process, instrumented. */
async function child(configPath: string): Promise<void> {
  const loaded = loadConfig(configPath);
  const store = openStore(loaded.config.database);
  const threadsBusyMs: number[] = [];
  const log = createLogger({ level: 'info', pretty: false, destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        const event = text ? (JSON.parse(text) as { msg?: string; busyMs?: number[] }) : {};
        if (event.busyMs) threadsBusyMs.push(...event.busyMs);
      }
      done();
    },
  }) });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  const report = await runIngest(loaded, store, log, { all: true });
  const wallMs = performance.now() - started;
  delay.disable();
  store.close();
  if (report.skipped) throw new Error('bench: ingest skipped');
  const items = report.outcomes.reduce((n, o) => n + (o.status === 'failed' ? 0 : o.added), 0);
  const failed = report.outcomes.find((o) => o.status === 'failed');
  if (failed) throw new Error(`bench: ${JSON.stringify(failed)}`);
  const usage = process.resourceUsage();
  const measured: Measured = {
    items, wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024,
    mainBusy: performance.eventLoopUtilization(elu).utilization, threadsBusyMs,
    maxStallMs: delay.max / 1e6, p99StallMs: delay.percentile(99) / 1e6, peak: peakSample(),
  };
  process.stdout.write(`${JSON.stringify(measured)}\n`);
}

const args = process.argv.slice(2);
if (args[0] === '--child' && args[1]) await child(args[1]);
