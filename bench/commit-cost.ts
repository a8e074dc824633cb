/**
 * `npm run bench commit`: the main thread's cost of committing a cold fill, without the parse
 * threads. The generated 5,000-item feed is read once in this process; each run commits those
 * reads into a fresh store through the SQLite refresh port (retention filter, ordering, sliced
 * commit at a fixed 100 items per slice, so every run does the same work whatever the load), and
 * reports the main thread's CPU (Linux: /proc/thread-self/schedstat, so other threads and waiting
 * do not count), the CPU inside BEGIN/COMMIT (FTS5's segment flush, WAL frames, checkpoints), the
 * bytes written, and statements per new item. Baseline in the same run: the same rows (the
 * columns a bare aggregator keeps) into one plain table plus an FTS5 index filled once, one
 * transaction. Medians of 3. The reads are cloned first, as a parse thread's reads arrive.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import Database from 'better-sqlite3';
import { configSchema } from '../src/config/schema.js';
import { createLocalRefreshPort, type RefreshRead } from '../src/ingest/refresh-port.js';
import { readFeed } from '../src/ingest/read-feed.js';
import { silentLogger } from '../src/log/logger.js';
import type { ReadItem } from '../src/model/read-document.js';
import { openStore } from '../src/store/open-store.js';
import { generateRss } from './generate-feed.js';

const ITEMS = 5_000;
const PER_SLICE = 100;
const RUNS = 3;

interface Cost { mainMs: number; commitMs: number; writtenMb: number }

/** CPU time of the calling thread, in ms (whole-process CPU where /proc is not there). */
function threadMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}

function writtenBytes(): number {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** BEGIN/COMMIT CPU: the time in a top-level transaction outside the function it runs. */
function watchCommits(): { ms: () => number; stop: () => void } {
  const proto = Database.prototype as unknown as { transaction: (fn: (...a: unknown[]) => unknown) => unknown };
  const original = proto.transaction;
  let depth = 0;
  let outside = 0;
  proto.transaction = function (this: Database.Database, fn) {
    const inner = original.call(this, function (this: unknown, ...args: unknown[]) {
      const top = depth++ === 0;
      const started = top ? threadMs() : 0;
      try {
        return fn.apply(this, args);
      } finally {
        depth--;
        if (top) outside -= threadMs() - started;
      }
    }) as { immediate: (...a: unknown[]) => unknown };
    const db = this;
    const wrapped = (...args: unknown[]) => (inner as unknown as (...a: unknown[]) => unknown)(...args);
    wrapped.immediate = (...args: unknown[]) => {
      if (db.inTransaction) return inner.immediate(...args);
      const started = threadMs();
      try {
        return inner.immediate(...args);
      } finally {
        outside += threadMs() - started;
      }
    };
    return wrapped;
  };
  return { ms: () => outside, stop: () => void (proto.transaction = original) };
}

async function commitOnce(reads: ReadItem[], dir: string, run: number): Promise<Cost> {
  const path = join(dir, `store-${run}.sqlite`);
  const config = configSchema.parse({ database: path, retention: { days: 36_500 }, sources: [{ id: 'bench', url: join(dir, 'feed.rss'), kind: 'wire' }], feeds: [] });
  const source = config.sources[0]!;
  const store = openStore(path);
  const port = createLocalRefreshPort(store, { config, log: silentLogger(), priorityOf: () => 0, slicing: { budgetMs: 1e9, maxItems: PER_SLICE } });
  await port.begin(source, source.url);
  const commits = watchCommits();
  const [cpu0, written0] = [threadMs(), writtenBytes()];
  await port.commit(source, wholeRead(reads), { at: new Date().toISOString(), status: 200, etag: null, lastModified: null, nextFetchAt: null });
  const cost = { mainMs: threadMs() - cpu0, commitMs: commits.ms(), writtenMb: (writtenBytes() - written0) / 1e6 };
  commits.stop();
  store.close();
  return cost;
}

/** The reads as one chunk, as the refresh port takes a document. */
function wholeRead(items: ReadItem[]): RefreshRead {
  const chunks = (async function* () {
    yield { index: 0, items, skipped: [] };
  })();
  return { chunks, problems: [], rejected: [], unread: () => 0 };
}

function baselineOnce(reads: ReadItem[], dir: string, run: number): number {
  const db = new Database(join(dir, `baseline-${run}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, guid TEXT UNIQUE, url TEXT, title TEXT, published TEXT, content_html TEXT, content_text TEXT);
    CREATE VIRTUAL TABLE items_fts USING fts5(title, content_text, content = 'items', content_rowid = 'id')`);
  const insert = db.prepare(`INSERT INTO items (guid, url, title, published, content_html, content_text) VALUES (?, ?, ?, ?, ?, ?)`);
  const index = db.prepare(`INSERT INTO items_fts (rowid, title, content_text) SELECT id, title, content_text FROM items`);
  const started = threadMs();
  db.transaction(() => {
    for (const { item } of reads) insert.run(item.guid, item.url, item.title, item.published, item.contentHtml, item.contentText);
    index.run();
  }).immediate();
  const ms = threadMs() - started;
  db.close();
  return ms;
}

/** Statement executions per new item in one more commit (counted, so not timed). */
async function statementsPerItem(reads: ReadItem[], dir: string): Promise<number> {
  const proto = Database.prototype as unknown as { prepare: (sql: string) => Database.Statement };
  const original = proto.prepare;
  let executed = 0;
  proto.prepare = function (this: Database.Database, sql: string) {
    const statement = original.call(this, sql) as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const run = statement[method] as (...a: unknown[]) => unknown;
      statement[method] = function (this: unknown, ...args: unknown[]) {
        executed++;
        return run.apply(this, args);
      };
    }
    return statement as unknown as Database.Statement;
  };
  try {
    await commitOnce(reads, dir, RUNS);
  } finally {
    proto.prepare = original;
  }
  return executed / reads.length;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wiredesk-commit-'));
  try {
    const read = await readFeed({ text: generateRss(ITEMS), url: 'https://bench.example.com/feed.rss', type: 'auto', language: null, timezone: null, titleCase: 'keep', features: true });
    // Cloned, as the parse threads deliver reads (objects of their own shapes).
    const doc = { items: deserialize(serialize(read.items)) as ReadItem[] };
    const costs: Cost[] = [];
    const baselines: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baselines.push(baselineOnce(doc.items, dir, i));
      costs.push(await commitOnce(doc.items, dir, i));
    }
    const perItem = await statementsPerItem(doc.items, dir);
    const [main, commit, written, base] = [median(costs.map((c) => c.mainMs)), median(costs.map((c) => c.commitMs)), median(costs.map((c) => c.writtenMb)), median(baselines)];
    process.stdout.write(`commit of ${doc.items.length} new items in slices of ${PER_SLICE}: main-thread CPU ${main.toFixed(0)} ms ` +
      `(${(main / doc.items.length).toFixed(3)} ms/item), in BEGIN/COMMIT ${commit.toFixed(0)} ms, written ${written.toFixed(0)} MB, ` +
      `${perItem.toFixed(1)} statements per item\n`);
    process.stdout.write(`baseline (plain table + FTS5 filled once, one transaction): ${base.toFixed(0)} ms; ratio ${(base / main).toFixed(2)}x\n`);
    process.stdout.write(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
