/**
 * A poll cycle over 10,000 sources served by local servers (in a worker thread, so serving does
 * not share our event loop): the sources start with stored validators, then a measured cycle
 * where most answer 304 and a few hundred have new items. Prints wall time and peak memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { configSchema } from '../src/config/schema.js';
import { runIngest } from '../src/ingest/run-ingest.js';
import { silentLogger } from '../src/log/logger.js';
import { openStore } from '../src/store/open-store.js';

const SOURCES = Number(process.env.WD_BENCH_SOURCES ?? 10_000);
const HOSTS = 50;
const CHANGED_EVERY = 33;

/** The servers: one per port (a port is a host to the limiter); ETag = version of the feed. */
const SERVER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
let bumped = false;
const WORDS = 'minister harbour council budget election storm flood market energy price strike union court police village river bridge school hospital report inquiry summit treaty border army talks ceasefire drought harvest export import bank rate inflation growth forecast museum festival league final record airport railway tunnel vaccine clinic farmer fishing mine steel timber wool grain coffee cocoa oil gas solar wind tide ferry port canal'.split(' ');
// Distinct text per item (a seeded word walk), so stories stay one item each as on a real wire.
const text = (seed, n) => { let x = seed * 2654435761 % 4294967296; const out = []; for (let j = 0; j < n; j++) { x = (x * 1103515245 + 12345) % 2147483648; out.push(WORDS[x % WORDS.length]); } return out.join(' '); };
const feed = (i, n) => '<?xml version="1.0"?><rss version="2.0"><channel><title>S' + i + '</title><link>https://s' + i + '.example/</link><description>d</description>' +
  Array.from({ length: n }, (_, k) => '<item><title>' + text(i * 100 + k + 7, 8) + '</title><guid>s' + i + '-' + k + '</guid><link>https://s' + i + '.example/' + k + '</link><pubDate>' + new Date(Date.UTC(2026, 0, 1, 0, k)).toUTCString() + '</pubDate><description>' + text(i * 100 + k, 40) + '.</description></item>').join('') + '</channel></rss>';
const ports = [];
let listening = 0;
for (let h = 0; h < workerData.hosts; h++) {
  const server = http.createServer((req, res) => {
    const i = Number(req.url.slice(3, -4));
    const changed = bumped && i % workerData.changedEvery === 0;
    const etag = '"v' + (changed ? 2 : 1) + '"';
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, { etag }).end(); return; }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(feed(i, changed ? 5 : 3));
  });
  server.keepAliveTimeout = 30000;
  server.listen(0, '127.0.0.1', () => {
    ports[h] = server.address().port;
    if (++listening === workerData.hosts) parentPort.postMessage({ ports });
  });
}
parentPort.on('message', (m) => { if (m === 'bump') { bumped = true; parentPort.postMessage('bumped'); } });
`;

export async function run(): Promise<void> {
  const worker = new Worker(SERVER, { eval: true, workerData: { hosts: HOSTS, changedEvery: CHANGED_EVERY } });
  const { ports } = await new Promise<{ ports: number[] }>((resolve) => worker.once('message', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-poll-'));
  const config = configSchema.parse({
    database: join(dir, 'wd.db'),
    fetch: { concurrency: 64, perHostConcurrency: 4, timeoutMs: 30_000 },
    sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `s${i}`, url: `http://127.0.0.1:${ports[i % HOSTS]}/s/${i}.rss`, kind: 'wire' })),
  });
  const store = openStore(config.database);
  const loaded = { config, path: join(dir, 'feeds.config.json'), dir };
  try {
    // The cold fill (every feed's items through dedup) is the ingest bench's subject; here the
    // sources start as after it: validators stored, so an unchanged feed answers 304.
    store.transaction(() => {
      for (const s of config.sources) {
        store.sources.ensure(s.id, s.url);
        store.sources.recordSuccess(s.id, { at: new Date().toISOString(), status: 200, etag: '"v1"', lastModified: null, nextFetchAt: null });
      }
    });
    worker.postMessage('bump');
    await new Promise((resolve) => worker.once('message', resolve));
    const warm = await cycle(() => runIngest(loaded, store, silentLogger(), { all: true }));
    print(`poll cycle (${SOURCES - Math.ceil(SOURCES / CHANGED_EVERY)} × 304, ${Math.ceil(SOURCES / CHANGED_EVERY)} with new items)`, warm);
    process.stdout.write(`goal: < 60 s per cycle → ${warm.ms < 60_000 ? 'met' : 'MISSED'} (${(warm.ms / 1000).toFixed(1)} s, ${(SOURCES / (warm.ms / 1000)).toFixed(0)} sources/s)\n`);
  } finally {
    store.close();
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CycleResult { ms: number; peakRssMb: number; peakHeapMb: number; added: number; failed: number }

async function cycle(pass: () => ReturnType<typeof runIngest>): Promise<CycleResult> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const started = performance.now();
  const report = await pass();
  const ms = performance.now() - started;
  clearInterval(timer);
  sample();
  const outcomes = report.skipped ? [] : report.outcomes;
  return {
    ms, peakRssMb: peakRss / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20,
    added: outcomes.reduce((n, o) => n + (o.status === 'failed' ? 0 : o.added), 0),
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}

function print(label: string, r: CycleResult): void {
  process.stdout.write(`${label.padEnd(52)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  peak RSS ${r.peakRssMb.toFixed(0)} MB  heap ${r.peakHeapMb.toFixed(0)} MB  ${r.added} new items  ${r.failed} failed\n`);
}
