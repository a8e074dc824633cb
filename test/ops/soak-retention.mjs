#!/usr/bin/env node
/**
 * Retention soak (a measurement, not a test): runs `wiredesk start` as an operator would, with a
 * cron every 5 s, `wiredesk prune` from a "system cron" every 30 s and retention.days = 1, against
 * a local server whose feeds change every 15 s. Time is compressed by dating entries so they cross
 * the retention cutoff minutes after they appear. Prints one line per minute and a final summary.
 *   nice -n 10 node test/ops/soak-retention.mjs [minutes=20]   (after `npx tsc -p tsconfig.json`)
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const MINUTES = Number(process.argv[2] ?? 20);
const DAY = 86_400_000;
const run = promisify(execFile);

// Feeds: news (5 entries, leave the feed before they age out), long (100 entries kept while they
// age out), podcasts (300 episodes one to three years old, a new one now and then), undated (30).
const feeds = {};
let serial = 0;
const fresh = (name, ageMs) => ({ guid: `${name}-${serial}`, title: `${name} story ${serial} ${'harbour ferry council market orchard'.split(' ')[serial % 5]}`,
  text: `Story ${serial++} from ${name}: the ${['harbour', 'council', 'bridge'][serial % 3]} report number ${serial * 7} said the ${['ferry', 'choir', 'archive'][serial % 3]} would open on day ${serial % 28}.`,
  published: ageMs === null ? null : new Date(Date.now() - ageMs).toISOString() });
for (let i = 0; i < 30; i += 1) feeds[`news${i}`] = { keep: 5, entries: [fresh(`news${i}`, DAY - 8 * 60_000)] };
for (let i = 0; i < 3; i += 1) feeds[`long${i}`] = { keep: 100, entries: Array.from({ length: 100 }, () => fresh(`long${i}`, DAY - 2 * 60_000)) };
for (let i = 0; i < 3; i += 1) feeds[`pod${i}`] = { keep: 1000, entries: Array.from({ length: 300 }, (_, k) => fresh(`pod${i}`, DAY * (365 + k * 2))) };
for (let i = 0; i < 3; i += 1) feeds[`undated${i}`] = { keep: 30, entries: Array.from({ length: 30 }, () => fresh(`undated${i}`, null)) };
const names = Object.keys(feeds);

function tick() {
  // A few feeds change every cycle: 6 news feeds, one long feed, sometimes a podcast or undated feed.
  const pick = (prefix, n) => names.filter((f) => f.startsWith(prefix)).sort(() => Math.random() - 0.5).slice(0, n);
  for (const name of [...pick('news', 6), ...pick('long', 1)]) add(name, name.startsWith('news') ? DAY - 8 * 60_000 : DAY - 2 * 60_000);
  if (Math.random() < 0.2) add(pick('pod', 1)[0], 0);
  if (Math.random() < 0.3) add(pick('undated', 1)[0], null);
}
function add(name, ageMs) {
  const feed = feeds[name];
  feed.entries = [fresh(name, ageMs), ...feed.entries].slice(0, feed.keep);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const rss = (name) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://soak.example/${name}</link><description>soak</description>`
  + feeds[name].entries.map((e) => `<item><guid isPermaLink="false">${e.guid}</guid><title>${esc(e.title)}</title><link>https://soak.example/${e.guid}</link>`
    + `<description>${esc(e.text)}</description>${e.published ? `<pubDate>${new Date(e.published).toUTCString()}</pubDate>` : ''}</item>`).join('') + '</channel></rss>';

const server = http.createServer((req, res) => {
  const name = (req.url ?? '').slice(1).replace(/\.rss$/, '');
  if (!feeds[name]) return void res.writeHead(404).end();
  const body = rss(name);
  const etag = `"${body.length}-${feeds[name].entries[0]?.guid}"`;
  if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
  res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const feedPort = server.address().port;
const port = await new Promise((r) => { const s = http.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => r(p)); }); });

const dir = mkdtempSync(join(tmpdir(), 'wd-soak-'));
const config = join(dir, 'feeds.config.json');
writeFileSync(config, JSON.stringify({
  database: 'soak.db', server: { port }, schedule: { cron: '*/5 * * * * *', interval: 60 }, retention: { days: 1 },
  // Canonical items of stories with a version inside the dedup window are kept: compress it too.
  dedup: { windowHours: 1 },
  sources: names.map((id) => ({ id, url: `http://127.0.0.1:${feedPort}/${id}.rss`, kind: id.startsWith('news') ? 'wire' : 'partner', interval: 60 })),
  feeds: [{ id: 'all', title: 'All', limit: 1000 }, { id: 'day', title: 'Last day', maxAgeHours: 24, limit: 200 }],
}));

const service = spawn(process.execPath, [CLI, 'start', '--config', config], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WIREDESK_LOG_LEVEL: 'warn' } });
let serviceLog = '';
service.stderr.on('data', (d) => { serviceLog = (serviceLog + d).slice(-4000); });
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${service.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pruned = { items: 0, expired: 0, runs: 0 };

async function prune() {
  const { stdout } = await run(process.execPath, [CLI, 'prune', '--config', config, '--wait', '20'], { cwd: dir }).catch((e) => ({ stdout: String(e.stdout ?? '') }));
  const m = /prune: (\d+) items .* (\d+) tombstones expired/.exec(stdout);
  if (m) { pruned.items += Number(m[1]); pruned.expired += Number(m[2]); pruned.runs += 1; }
}

function sample(t0) {
  const db = new Database(join(dir, 'soak.db'), { readonly: true, fileMustExist: true });
  const one = (sql) => db.prepare(sql).get().n;
  const cutoff = new Date(Date.now() - DAY).toISOString();
  const inSources = Object.values(feeds).flatMap((f) => f.entries);
  const row = {
    min: ((Date.now() - t0) / 60_000).toFixed(1), stored: one('SELECT COUNT(*) AS n FROM items'),
    inSources: inSources.length, inSourcesInRetention: inSources.filter((e) => e.published === null || e.published >= cutoff).length,
    tombstones: one('SELECT COUNT(*) AS n FROM tombstones'), tooOldLastReads: one('SELECT COALESCE(SUM(too_old), 0) AS n FROM source_reads'),
    stories: one('SELECT COUNT(*) AS n FROM stories'), pruned: pruned.items, expired: pruned.expired,
    dbKb: Math.round((statSync(join(dir, 'soak.db')).size + (statSync(join(dir, 'soak.db-wal'), { throwIfNoEntry: false })?.size ?? 0)) / 1024),
    rssMb: rssMb().toFixed(1),
  };
  db.close();
  return row;
}

await sleep(8000);
const t0 = Date.now();
const rows = [sample(t0)];
console.log(JSON.stringify(rows[0]));
let next = { tick: t0 + 15_000, prune: t0 + 30_000, sample: t0 + 60_000 };
while (Date.now() - t0 < MINUTES * 60_000) {
  await sleep(1000);
  if (Date.now() >= next.tick) { tick(); next.tick += 15_000; }
  if (Date.now() >= next.prune) { await prune(); next.prune += 30_000; }
  if (Date.now() >= next.sample) { const r = sample(t0); rows.push(r); console.log(JSON.stringify(r)); next.sample += 60_000; }
}
const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const feedAll = await (await fetch(`http://127.0.0.1:${port}/feeds/all.json`)).json();
console.log(metrics.split('\n').filter((l) => /^wiredesk_(items|tombstones|db_size|stories)/.test(l)).join('\n'));
console.log(`curated "all" entries at the end: ${feedAll.items.length}`);
service.kill('SIGTERM');
await new Promise((r) => service.once('exit', r));
server.close();
console.log(JSON.stringify({ start: rows[0], end: rows.at(-1), pruneRuns: pruned.runs, dir }));
if (/error/i.test(serviceLog)) console.log(`service stderr (tail): ${serviceLog.slice(-1500)}`);
