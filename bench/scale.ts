/**
 * `npm run bench scale`: 1, 2 and 4 `wiredesk start --role worker` processes sharing one
 * PostgreSQL (a throwaway cluster) against 10,000 sources (WD_BENCH_SOURCES) spread over 40
 * loopback hosts (127.0.0.2–41), each answering in 100–300 ms with a small feed, served by a child
 * process of its own that counts per source and per host. A `wiredesk start --role web` replica
 * serves a curated feed on the same database throughout. Per run, from an empty database:
 * - fetches/s over a fixed window (WD_BENCH_WINDOW_S, 30 s, after a 5 s warm-up from the first
 *   request) and its ratio to one process;
 * - double fetches (a source fetched twice in the run: must be 0) and the most requests ever in
 *   flight on one host (must stay at or under perHostConcurrency);
 * - the web replica's p99 under wrk during the ingest, and idle once the workers stopped;
 * - clusterer lag: from a commit_seq first seen committed to the clusterer's cursor passing it
 *   (sampled every 250 ms), median and worst.
 */
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, queryOnce as query, startBenchCluster } from './pg-cluster.js';

const SOURCES = Number(process.env.WD_BENCH_SOURCES ?? 10_000);
const WINDOW_S = Number(process.env.WD_BENCH_WINDOW_S ?? 30);
const WARMUP_S = 5;
const HOSTS = Array.from({ length: 40 }, (_, i) => `127.0.0.${i + 2}`);
const PER_HOST = 4;
const CONCURRENCY = 24;
const PROCESSES = (process.env.WD_BENCH_PROCESSES ?? '1,2,4').split(',').map(Number);
const WRK_S = 10;
/** WD_BENCH_CLI: another build's dist/cli.js, to compare against (a baseline commit's). */
const CLI = process.env.WD_BENCH_CLI ?? new URL('../../dist/cli.js', import.meta.url).pathname;
const run$ = promisify(execFile);

/** The feed server: one listener per address, delay 100–300 ms by path, counting per path, per host and per arrival time. */
const SERVER = `
const http = require('node:http');
const addresses = ${JSON.stringify(HOSTS)};
const fetches = new Map(); const inFlight = new Map(); const maxInFlight = new Map(); let arrivals = [];
const bases = []; let up = 0;
addresses.forEach((address, h) => {
  const server = http.createServer((req, res) => {
    arrivals.push(Date.now());
    fetches.set(req.url, (fetches.get(req.url) || 0) + 1);
    const n = (inFlight.get(h) || 0) + 1; inFlight.set(h, n); maxInFlight.set(h, Math.max(maxInFlight.get(h) || 0, n));
    const i = Number(req.url.slice(3, -4));
    setTimeout(() => {
      inFlight.set(h, inFlight.get(h) - 1);
      const items = [0, 1, 2].map((k) => '<item><title>Story ' + k + ' from source ' + i + '</title><guid>s' + i + '-' + k + '</guid><pubDate>' +
        new Date(Date.now() - (k + 1) * 3600000).toUTCString() + '</pubDate><description>Report ' + k + ' of source ' + i + ' on harbour works in district ' + (i % 97) + '.</description></item>').join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>S' + i + '</title><link>https://s' + i + '.example/</link>' + items + '</channel></rss>');
    }, 100 + (i * 7919) % 201);
  });
  server.listen(0, address, () => { bases[h] = 'http://' + address + ':' + server.address().port; if (++up === addresses.length) process.send({ bases }); });
});
process.on('message', (m) => {
  if (m.reset) { fetches.clear(); maxInFlight.clear(); arrivals = []; process.send('reset'); }
  if (m.stats) {
    const first = arrivals[0] || 0; const from = first + m.stats.warmupMs; const to = from + m.stats.windowMs;
    process.send({ first, inWindow: arrivals.filter((t) => t >= from && t < to).length, fetched: fetches.size,
      doubles: [...fetches.values()].filter((n) => n > 1).length, maxInFlight: Math.max(0, ...maxInFlight.values()) });
  }
});
`;

interface Stats {
  first: number;
  inWindow: number;
  fetched: number;
  doubles: number;
  maxInFlight: number;
}

interface RunResult extends Stats {
  busyP99: number;
  idleP99: number;
  lag: { median: number; worst: number; samples: number };
}

function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message as object);
  });
}


/** A `wiredesk start` process; resolves once it printed its start line. */
function start(config: string, role: 'worker' | 'web'): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'start', '--role', role, '--config', config],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'warn' } });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => {
      child.stdout?.resume();
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`bench scale: a ${role} exited with ${code} before starting`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function wrkP99(url: string): Promise<number> {
  const { stdout } = await run$('wrk', ['-t1', '-c10', `-d${WRK_S}s`, '--latency', url]);
  const match = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
  if (!match) return NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/** Samples the commit head and the clusterer's cursor; lag of a head is the time until the cursor passes it. */
function watchClusterer(url: string): { stop(): Promise<RunResult['lag']> } {
  const client = new pg.Client({ connectionString: url });
  const pending: Array<{ seq: number; at: number }> = [];
  const lags: number[] = [];
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows: [row] } = await client.query<{ head: string; cursor: string }>(`SELECT
        (SELECT coalesce(max(commit_seq), 0) FROM items) AS head, (SELECT cursor_seq FROM clusterer WHERE name = 'stories') AS cursor`);
      const [head, cursor, now] = [Number(row?.head ?? 0), Number(row?.cursor ?? 0), Date.now()];
      if (head > (pending.at(-1)?.seq ?? cursor)) pending.push({ seq: head, at: now });
      while (pending.length > 0 && pending[0]!.seq <= cursor) lags.push(now - pending.shift()!.at);
      await new Promise((r) => setTimeout(r, 250));
    }
    await client.end();
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const sorted = [...lags].sort((a, b) => a - b);
      return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, worst: sorted.at(-1) ?? NaN, samples: sorted.length };
    },
  };
}

function writeConfig(dir: string, name: string, database: string, bases: string[], port: number): string {
  const config = join(dir, `${name}.json`);
  writeFileSync(config, JSON.stringify({
    database,
    server: { host: '127.0.0.1', port, baseUrl: `http://127.0.0.1:${port}` },
    fetch: { concurrency: CONCURRENCY, perHostConcurrency: PER_HOST, timeoutMs: 60_000, allowPrivateNetworks: true },
    sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `s${i}`, url: `${bases[i % bases.length]}/s/${i}.rss`, kind: 'wire', interval: 3600 })),
    feeds: [{ id: 'harbour', title: 'Harbour works', include: { keywords: ['harbour'] }, limit: 50 }],
  }));
  return config;
}

async function runWith(processes: number, adminUrl: string, bases: string[], dir: string, server: ChildProcess): Promise<RunResult> {
  const name = `scale_${processes}`;
  await query(adminUrl, `CREATE DATABASE ${name}`);
  const database = new URL(adminUrl);
  database.pathname = `/${name}`;
  const port = await freePort();
  const config = writeConfig(dir, name, database.toString(), bases, port);
  await ask(server, { reset: true });
  const workers: ChildProcess[] = [];
  let web: ChildProcess | null = null;
  try {
    workers.push(await start(config, 'worker')); // the first one migrates the schema
    web = await start(config, 'web');
    const clusterer = watchClusterer(database.toString());
    workers.push(...await Promise.all(Array.from({ length: processes - 1 }, () => start(config, 'worker'))));
    await new Promise((r) => setTimeout(r, (WARMUP_S + WINDOW_S / 2 - WRK_S / 2) * 1000));
    const busyP99 = await wrkP99(`http://127.0.0.1:${port}/feeds/harbour.rss`);
    await new Promise((r) => setTimeout(r, (WINDOW_S / 2 - WRK_S / 2) * 1000));
    await Promise.all(workers.map(stop));
    const lag = await clusterer.stop();
    const stats = await ask<Stats>(server, { stats: { warmupMs: WARMUP_S * 1000, windowMs: WINDOW_S * 1000 } });
    const idleP99 = await wrkP99(`http://127.0.0.1:${port}/feeds/harbour.rss`);
    return { ...stats, busyP99, idleP99, lag };
  } finally {
    await Promise.all(workers.map(stop));
    if (web) await stop(web);
  }
}

export async function run(): Promise<void> {
  const { url: adminUrl, stop: stopCluster } = await startBenchCluster();
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-scale-'));
  const server = fork('-e', [SERVER], { execArgv: [] });
  try {
    const { bases } = await new Promise<{ bases: string[] }>((resolve) => server.once('message', (m) => resolve(m as { bases: string[] })));
    process.stdout.write(`${SOURCES} sources on ${HOSTS.length} hosts (perHostConcurrency ${PER_HOST}, concurrency ${CONCURRENCY} per process), `
      + `answers in 100-300 ms; fetches/s over ${WINDOW_S} s after ${WARMUP_S} s; web p99 under wrk -c10 for ${WRK_S} s\n`);
    process.stdout.write('processes  fetches/s  ratio  fetched  double fetches  max in flight/host  web p99 busy ms  idle ms  clusterer lag p50/max ms\n');
    let base = 0;
    for (const n of PROCESSES) {
      const r = await runWith(n, adminUrl, bases, dir, server);
      const rate = r.inWindow / WINDOW_S;
      base ||= rate;
      process.stdout.write(`${String(n).padStart(9)}  ${rate.toFixed(1).padStart(9)}  ${(rate / base).toFixed(2).padStart(5)}  ${String(r.fetched).padStart(7)}  `
        + `${String(r.doubles).padStart(14)}  ${`${r.maxInFlight} (cap ${PER_HOST})`.padStart(18)}  ${r.busyP99.toFixed(1).padStart(15)}  ${r.idleP99.toFixed(1).padStart(7)}  `
        + `${`${r.lag.median}/${r.lag.worst} (${r.lag.samples})`.padStart(24)}\n`);
    }
  } finally {
    server.kill();
    stopCluster();
    rmSync(dir, { recursive: true, force: true });
  }
}
