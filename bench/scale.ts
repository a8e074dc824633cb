/**
 * `npm run bench scale`: 1, 2 and 4 `wiredesk ingest` processes sharing one PostgreSQL (a
 * throwaway cluster) against 10,000 sources (WD_BENCH_SOURCES) on a local server answering each
 * request in 100–300 ms, in a child process of its own. Per run: fetches/s and its ratio to one
 * process, double fetches (must be 0) and the most requests ever in flight on one host (must stay
 * at or under perHostConcurrency). Each run starts from an empty database.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startBenchCluster } from './pg-cluster.js';

const SOURCES = Number(process.env.WD_BENCH_SOURCES ?? 10_000);
const HOSTS = 40;
const PER_HOST = 4;
const CONCURRENCY = 24;
const PROCESSES = [1, 2, 4];
const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

/** The feed server: HOSTS ports (each a host), delay 100–300 ms by path, counting per path and per host. */
const SERVER = `
const http = require('node:http');
const fetches = new Map(); const inFlight = new Map(); const maxInFlight = new Map();
const ports = []; let up = 0; const hosts = ${HOSTS};
for (let h = 0; h < hosts; h++) {
  const server = http.createServer((req, res) => {
    fetches.set(req.url, (fetches.get(req.url) || 0) + 1);
    const n = (inFlight.get(h) || 0) + 1; inFlight.set(h, n); maxInFlight.set(h, Math.max(maxInFlight.get(h) || 0, n));
    const i = Number(req.url.slice(3, -4));
    setTimeout(() => {
      inFlight.set(h, inFlight.get(h) - 1);
      const items = [0, 1, 2].map((k) => '<item><title>Story ' + k + ' from source ' + i + '</title><guid>s' + i + '-' + k + '</guid><pubDate>' +
        new Date(Date.now() - (k + 1) * 3600000).toUTCString() + '</pubDate><description>Report ' + k + ' of source ' + i + ' on harbour works.</description></item>').join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<?xml version="1.0"?><rss version="2.0"><channel><title>S' + i + '</title><link>https://s' + i + '.example/</link>' + items + '</channel></rss>');
    }, 100 + (i * 7919) % 201);
  });
  server.listen(0, '127.0.0.1', () => { ports[h] = server.address().port; if (++up === hosts) process.send({ ports }); });
}
process.on('message', (m) => {
  if (m === 'reset') { fetches.clear(); maxInFlight.clear(); process.send('reset'); }
  if (m === 'stats') process.send({ fetched: fetches.size, requests: [...fetches.values()].reduce((a, b) => a + b, 0),
    doubles: [...fetches.values()].filter((n) => n > 1).length, maxInFlight: Math.max(0, ...maxInFlight.values()) });
});
`;

interface Stats {
  fetched: number;
  requests: number;
  doubles: number;
  maxInFlight: number;
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

function ingest(config: string): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, 'ingest', '--config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function runWith(processes: number, adminUrl: string, ports: number[], dir: string, server: ChildProcess): Promise<Stats & { ms: number }> {
  const name = `scale_${processes}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const database = new URL(adminUrl);
  database.pathname = `/${name}`;
  const config = join(dir, `${name}.json`);
  writeFileSync(config, JSON.stringify({
    database: database.toString(),
    fetch: { concurrency: CONCURRENCY, perHostConcurrency: PER_HOST, timeoutMs: 60_000, allowPrivateNetworks: true },
    sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `s${i}`, url: `http://127.0.0.1:${ports[i % HOSTS]}/s/${i}.rss`, kind: 'wire' })),
  }));
  await ask(server, 'reset');
  const started = Date.now();
  const codes = await Promise.all(Array.from({ length: processes }, () => ingest(config)));
  const ms = Date.now() - started;
  if (codes.some((c) => c !== 0)) throw new Error(`bench scale: an ingest exited with ${codes.join(', ')}`);
  return { ...(await ask<Stats>(server, 'stats')), ms };
}

export async function run(): Promise<void> {
  const { url: adminUrl, stop } = await startBenchCluster();
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-scale-'));
  const server = fork('-e', [SERVER], { execArgv: [] });
  try {
    const { ports } = await new Promise<{ ports: number[] }>((resolve) => server.once('message', (m) => resolve(m as { ports: number[] })));
    process.stdout.write(`${SOURCES} sources on ${HOSTS} hosts (perHostConcurrency ${PER_HOST}, concurrency ${CONCURRENCY} per process), answers in 100-300 ms\n`);
    process.stdout.write('processes  wall s  fetches/s  ratio  fetched  double fetches  max in flight/host\n');
    let base = 0;
    for (const n of PROCESSES) {
      const r = await runWith(n, adminUrl, ports, dir, server);
      const rate = (r.requests * 1000) / r.ms;
      base ||= rate;
      process.stdout.write(`${String(n).padStart(9)}  ${(r.ms / 1000).toFixed(1).padStart(6)}  ${rate.toFixed(1).padStart(9)}  ${(rate / base).toFixed(2).padStart(5)}  `
        + `${String(r.fetched).padStart(7)}  ${String(r.doubles).padStart(14)}  ${String(r.maxInFlight).padStart(18)}\n`);
    }
  } finally {
    server.kill();
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
