/**
 * A small pool of worker threads running readFeed: parsing a 100,000-item or hostile document takes
 * seconds of CPU, which must not stall the HTTP server or other sources' timers. A job that runs
 * past its time limit has its worker terminated and fails that source alone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WiredeskError, type ErrorCode } from '../model/errors.js';
import type { ReadDocument } from '../model/read-document.js';
import { runPageJob, type PageJob, type PageReading } from '../scrape/read-page.js';
import { joinChunks, readFeed, type EntriesJob, type EntriesRead, type FeedJob, type SplitDocument } from './read-feed.js';

export interface ReadFeedPool {
  /** `owner` (a source id): one owner's documents never hold every worker, so other sources go on. */
  read(job: FeedJob, owner?: string): Promise<ReadDocument>;
  /** HTML pages are extracted on the same threads, under the same time limit, shared the same way. */
  extract(job: PageJob, owner?: string): Promise<PageReading>;
  close(): Promise<void>;
  /** Milliseconds each thread has spent on jobs so far (for the ingest log and the bench). */
  busyMs(): number[];
}

interface Slot {
  worker: Promise<Worker> | null;
  busy: boolean;
  owner: string | null;
  busyMs: number;
}

interface Waiter {
  owner: string | null;
  take(slot: Slot): void;
}

/**
 * Workers beside the main thread: at least two, so one slow or hostile document never stalls
 * every other source's parse; more on bigger machines, at most four.
 */
export function poolSizeFor(cores: number): number {
  return Math.max(2, Math.min(4, cores));
}

type Reply = { ok: true; result: unknown } | { ok: false; code: ErrorCode; message: string };

const WORKER_FILE = new URL('./read-feed-worker.js', import.meta.url);
/**
 * Documents with more entries than this are normalized in chunks on every free thread (a chunk is
 * no one source's: it takes any free thread, in turn with the other sources' documents).
 */
const SPLIT_ABOVE = 1000;
/** A document that needs more heap than this fails its source; the service's own heap is untouched. */
const WORKER_HEAP_MB = 1024;

/** Runs in the calling thread when the compiled worker is not there (tests run the TypeScript sources). */
export function createReadFeedPool(options: { size: number; timeoutMs: number; splitAbove?: number }): ReadFeedPool {
  if (!existsSync(fileURLToPath(WORKER_FILE))) return { read: readFeed, extract: async (job) => runPageJob(job), close: async () => undefined, busyMs: () => [] };
  const slots: Slot[] = Array.from({ length: Math.max(1, options.size) }, () => ({ worker: null, busy: false, owner: null, busyMs: 0 }));
  // With one worker there is nothing to share; otherwise an owner may hold all but one.
  const perOwner = Math.max(1, slots.length - 1);
  const waiting: Waiter[] = [];
  const mayTake = (owner: string | null): boolean => owner === null || slots.filter((s) => s.busy && s.owner === owner).length < perOwner;
  const give = (slot: Slot, owner: string | null): Slot => Object.assign(slot, { busy: true, owner });
  const acquire = (owner: string | null): Promise<Slot> => {
    const free = slots.find((s) => !s.busy);
    if (free && mayTake(owner)) return Promise.resolve(give(free, owner));
    return new Promise((resolve) => waiting.push({ owner, take: resolve }));
  };
  const release = (slot: Slot): void => {
    Object.assign(slot, { busy: false, owner: null });
    // The first waiter whose owner is under its share gets the slot (FIFO otherwise).
    const index = waiting.findIndex((w) => mayTake(w.owner));
    const next = index === -1 ? undefined : waiting.splice(index, 1)[0];
    if (next) next.take(give(slot, next.owner));
  };
  const run = async (job: FeedJob | PageJob | EntriesJob, owner: string | undefined): Promise<unknown> => {
    const slot = await acquire(owner ?? null);
    const started = performance.now();
    try {
      return await runOn(slot, job, options.timeoutMs);
    } finally {
      slot.busyMs += performance.now() - started;
      release(slot);
    }
  };
  return {
    read: async (job, owner) => {
      // A large document comes back parsed but not normalized, in chunks that every thread shares.
      const read = (await run({ ...job, splitAbove: options.splitAbove ?? SPLIT_ABOVE }, owner)) as ReadDocument | SplitDocument;
      if (!('split' in read)) return read;
      const { text: _text, ...rest } = job;
      const chunks = read.chunks.map((entries) => run({ ...rest, kind: 'entries', feed: read.feed, entries }, undefined) as Promise<EntriesRead>);
      return joinChunks(read, await Promise.all(chunks));
    },
    extract: (job, owner) => run(job, owner) as Promise<PageReading>,
    async close() {
      await Promise.all(slots.map(async (s) => (await s.worker?.catch(() => null))?.terminate()));
      slots.forEach((s) => (s.worker = null));
    },
    busyMs: () => slots.map((s) => Math.round(s.busyMs)),
  };
}

/** A worker that has loaded its modules (it says so with a `ready` message). */
function startWorker(): Promise<Worker> {
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', (err) => reject(new WiredeskError('PARSE_INVALID', `parse: cannot start the parser thread: ${err.message}`, { cause: err })));
  });
}

async function runOn(slot: Slot, job: FeedJob | PageJob | EntriesJob, timeoutMs: number): Promise<unknown> {
  let worker: Worker;
  try {
    worker = await (slot.worker ??= startWorker());
  } catch (err) {
    slot.worker = null;
    throw err;
  }
  return new Promise((resolve, reject) => {
    const finish = (fn: () => void) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      fn();
    };
    const onMessage = (reply: Reply) =>
      finish(() => (reply.ok ? resolve(reply.result) : reject(new WiredeskError(reply.code, reply.message))));
    const onError = (err: Error) => {
      slot.worker = null;
      finish(() => reject(new WiredeskError('PARSE_INVALID', `parse: the parser crashed: ${err.message}`, { cause: err })));
    };
    const onExit = () => {
      slot.worker = null;
      finish(() => reject(new WiredeskError('PARSE_INVALID', 'parse: the parser stopped unexpectedly (out of memory?)')));
    };
    const timer = setTimeout(() => {
      slot.worker = null;
      finish(() => reject(new WiredeskError('PARSE_INVALID', `parse: reading the document took longer than ${timeoutMs} ms; the feed is too large or hostile`)));
      void worker.terminate();
    }, timeoutMs);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job);
  });
}
