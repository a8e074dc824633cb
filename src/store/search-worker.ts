/**
 * Full-text matching off the event loop: a worker thread with its own read-only connection runs
 * the FTS5 MATCH and reads the matching rows (bounded by a LIMIT) so a heavy `/search` never stops the server
 * answering. better-sqlite3 12 has no progress handler or interrupt, so the time budget is kept
 * by terminating the worker. A terminated worker may still be inside SQLite until that statement
 * returns (V8 stops it only when it is back in JavaScript): while one is, searches that need a
 * worker are refused at once rather than piling up CPU.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WiredeskError } from '../model/errors.js';

export interface SearchWorker {
  /** Runs `sql` with `params` and returns its rows; rejects with SEARCH_TIMEOUT (status 503) past `timeoutMs`. */
  all(sql: string, params: unknown[], timeoutMs: number): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Plain JavaScript, evaluated in the worker (so it runs the same from src/ under tests and from dist/). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true, timeout: 5000 });
db.pragma('cache_size = -16000');
const statements = new Map();
parentPort.on('message', ({ sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) { statement = db.prepare(sql); statements.set(sql, statement); }
    parentPort.postMessage({ ok: true, rows: statement.all(...params) });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
  }
});
parentPort.postMessage({ ready: true });
`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
/** Seconds a client is told to wait after a refused search. */
export const SEARCH_RETRY_AFTER_SECONDS = 5;

type Reply = { ok: true; rows: unknown[] } | { ok: false; message: string } | { ready: true };
interface Job { sql: string; params: unknown[]; resolve(rows: unknown[]): void; reject(err: unknown): void; timer?: NodeJS.Timeout }

/** One worker per store file, started on the first search; jobs run one at a time, in order. */
export function createSearchWorker(path: string): SearchWorker {
  let worker: Worker | null = null;
  let ready: Promise<Worker> | null = null;
  let stopping: Promise<unknown> | null = null;
  let running: Job | null = null;
  const queue: Job[] = [];

  const start = (): Promise<Worker> => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: DRIVER, path }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    w.unref();
    worker = w;
    // A thread that dies on its own (out of memory, a crash) fails its search; the next one starts afresh.
    w.on('error', () => undefined).on('exit', () => {
      if (worker !== w) return;
      worker = null;
      ready = null;
      if (running !== null) fail(running, new WiredeskError('STORE_FAILED', 'store: the search thread stopped unexpectedly'));
      running = null;
      void pump();
    });
    return new Promise((resolve, reject) => {
      w.once('message', () => resolve(w));
      w.once('error', (err) => reject(new WiredeskError('STORE_FAILED', `store: cannot start the search thread: ${err.message}`, { cause: err })));
    });
  };

  const kill = (reason: WiredeskError) => {
    const w = worker;
    worker = null;
    ready = null;
    if (w !== null) stopping = w.terminate().finally(() => (stopping = null));
    if (running !== null) fail(running, reason);
    running = null;
  };

  const fail = (job: Job, err: unknown) => {
    clearTimeout(job.timer);
    job.reject(err);
  };

  const pump = async (): Promise<void> => {
    if (running !== null || queue.length === 0) return;
    if (stopping !== null) return void queue.splice(0).forEach((j) => fail(j, timeoutError('a search over budget is still being stopped')));
    const job = queue.shift() as Job;
    running = job;
    let w: Worker;
    try {
      w = await (ready ??= start());
    } catch (err) {
      running = null;
      ready = null;
      fail(job, err);
      return void pump();
    }
    if (running !== job) return;
    const onMessage = (reply: Reply) => {
      if ('ready' in reply || running !== job) return;
      w.off('message', onMessage);
      running = null;
      clearTimeout(job.timer);
      if (reply.ok) job.resolve(reply.rows);
      else job.reject(new WiredeskError('STORE_FAILED', `store: search failed: ${reply.message}`));
      void pump();
    };
    w.on('message', onMessage);
    w.postMessage({ sql: job.sql, params: job.params });
  };

  return {
    all(sql, params, timeoutMs) {
      if (stopping !== null) return Promise.reject(timeoutError('a search over budget is still being stopped'));
      return new Promise((resolve, reject) => {
        const job: Job = { sql, params, resolve, reject };
        job.timer = setTimeout(() => onTimeout(job, timeoutMs), timeoutMs);
        queue.push(job);
        void pump();
      });
    },
    async close() {
      queue.splice(0).forEach((job) => fail(job, new WiredeskError('STORE_FAILED', 'store: closed')));
      kill(new WiredeskError('STORE_FAILED', 'store: closed'));
      await stopping;
    },
  };

  function onTimeout(job: Job, timeoutMs: number): void {
    const err = timeoutError(`it took longer than ${timeoutMs} ms`);
    const waiting = queue.indexOf(job);
    if (waiting >= 0) {
      queue.splice(waiting, 1);
      return fail(job, err);
    }
    if (running === job) kill(err);
    void pump();
  }
}

function timeoutError(why: string): WiredeskError {
  return new WiredeskError('SEARCH_TIMEOUT', `search: stopped because ${why}; retry in ${SEARCH_RETRY_AFTER_SECONDS} s, or narrow the query (fewer prefix and NEAR terms)`, { status: 503 });
}
