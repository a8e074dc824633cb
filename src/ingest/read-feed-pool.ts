/**
 * A small pool of worker threads running readFeed: parsing a 100,000-item or hostile document takes
 * seconds of CPU, which must not stall the HTTP server or other sources' timers. A job that runs
 * past its time limit has its worker terminated and fails that source alone.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WiredeskError, type ErrorCode } from '../model/errors.js';
import type { ReadDocument } from '../model/read-document.js';
import type { PageJob, PageReading } from '../scrape/read-page.js';
import { collectDocument, createChunkWindow, streamWhole, type ChunkWindow, type StreamedDocument } from './read-chunks.js';
import type { EntriesJob, EntriesRead, FeedJob, SplitDocument } from './read-feed.js';

export interface ReadFeedPool {
  /** `owner` (a source id): one owner's documents never hold every worker, so other sources go on. */
  read(job: FeedJob, owner?: string): Promise<ReadDocument>;
  /**
   * The same document handed on chunk by chunk as the threads finish them (in the order to commit
   * them), so its first chunks are stored while the threads still normalize the later ones.
   */
  readStream(job: FeedJob, owner?: string): Promise<StreamedDocument>;
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
  /** The document's turn: a document's chunks go before documents read after it (see `read`). */
  rank: number;
  take(slot: Slot): void;
}

export interface ReadFeedPoolOptions {
  size: number;
  timeoutMs: number;
  splitAbove?: number;
  /** Each thread's old-generation heap cap; a document that needs more fails its source (PARSE_TOO_LARGE). */
  heapMb?: number;
  /** Each thread's young-generation cap: small, so short-lived garbage is collected early, not kept. */
  youngMb?: number;
  /** Threads started ahead (see startParseThreads): the pool takes them over, and closes them. */
  threads?: ParseThreads;
  /** Chunks normalized ahead of the commit, across documents (default: one per thread; see ChunkWindow). */
  aheadChunks?: number;
}

/** Parse threads started before their pool, e.g. at process start: they load their modules meanwhile. */
export interface ParseThreads {
  workers: Array<Promise<Worker>>;
  /** Ends the threads no pool took over (a pool closes its own). */
  close(): Promise<void>;
}

/**
 * Workers beside the main thread: at least two, so one slow or hostile document never stalls
 * every other source's parse; more on bigger machines, at most four.
 */
export function poolSizeFor(cores: number): number {
  return Math.max(2, Math.min(4, cores));
}

/** The pool size on this machine. */
export const PARSE_THREADS = poolSizeFor(availableParallelism());

type Reply = { ok: true; result: unknown } | { ok: false; code: ErrorCode; message: string };

const WORKER_FILE = new URL('./read-feed-worker.js', import.meta.url);
/**
 * Documents with more entries than this are normalized in chunks on every free thread (a chunk is
 * no one source's: it takes any free thread, in turn with the other sources' documents).
 */
const SPLIT_ABOVE = 1000;
/**
 * A document that needs more heap than this fails its source; the service's own heap is untouched.
 * A 5,000-item document of 8.5 MB peaks near 80 MB on the thread that parses it whole.
 */
export const WORKER_HEAP_MB = 256;
/** Young generation per thread (V8's default lets it grow to 48 MB of mostly garbage per thread). */
export const WORKER_YOUNG_MB = 12;

type Job = FeedJob | PageJob | EntriesJob;

/** Runs in the calling thread when the compiled worker is not there (tests run the TypeScript sources). */
function inThisThread(): ReadFeedPool {
  // Loaded only here: the main thread of a pool never parses, normalizes or extracts.
  const readFeed = async (job: FeedJob) => (await import('./read-feed.js')).readFeed(job);
  return {
    read: readFeed,
    readStream: async (job) => streamWhole(await readFeed(job)),
    extract: async (job) => (await import('../scrape/read-page.js')).runPageJob(job),
    close: async () => undefined,
    busyMs: () => [],
  };
}

function limitsOf(options: Pick<ReadFeedPoolOptions, 'heapMb' | 'youngMb'>): Limits {
  return { maxOldGenerationSizeMb: options.heapMb ?? WORKER_HEAP_MB, maxYoungGenerationSizeMb: options.youngMb ?? WORKER_YOUNG_MB };
}

/**
 * Starts `size` parse threads (none when the compiled worker is not there: the pool then reads in
 * its own thread): the first now, each next one when the one before takes its first job (or fails
 * to start). Until work arrives this thread is loading its own modules: one thread loading beside
 * it, not all of them, leaves it a core; the next one then loads while the first parses.
 */
export function startParseThreads(size: number, options: Pick<ReadFeedPoolOptions, 'heapMb' | 'youngMb'> = {}): ParseThreads {
  const limits = limitsOf(options);
  const started: Worker[] = [];
  let closed = false;
  const start = (): Promise<Worker> => (closed ? Promise.reject(new WiredeskError('PARSE_INVALID', 'parse: the parser threads were closed')) : startWorker(limits, started));
  const workers: Array<Promise<Worker>> = [];
  if (existsSync(fileURLToPath(WORKER_FILE))) {
    for (let i = 0; i < Math.max(1, size); i++) workers.push(workers[i - 1]?.then(onFirstJob, () => undefined).then(start) ?? start());
  }
  // A thread that cannot start fails the first job sent to it; nothing is left unhandled meanwhile.
  for (const w of workers) w.catch(() => undefined);
  return {
    workers,
    close: async () => {
      // Threads still loading end now; the ones not started yet never start.
      closed = true;
      await Promise.all(started.map((w) => w.terminate()));
    },
  };
}

export function createReadFeedPool(options: ReadFeedPoolOptions): ReadFeedPool {
  if (!existsSync(fileURLToPath(WORKER_FILE))) return inThisThread();
  const limits = limitsOf(options);
  // Every thread starts now (the ones not started ahead): each loads its modules while the first document is fetched.
  const ahead = options.threads?.workers ?? [];
  const slots: Slot[] = Array.from({ length: Math.max(1, options.size) }, (_, i) => ({
    worker: ahead[i] ?? startWorker(limits), busy: false, owner: null, busyMs: 0,
  }));
  // A thread that cannot start fails the first job sent to it; nothing is left unhandled meanwhile.
  for (const s of slots) s.worker?.catch(() => undefined);
  const { acquire, release } = createTurns(slots);
  // One chunk ahead of the commit per thread keeps every thread busy while the commit is slower.
  const window = createChunkWindow(options.aheadChunks ?? slots.length);
  let ranks = 0;
  const run = async (job: Job, owner: string | undefined, rank: number, transfer: ArrayBuffer[] = []): Promise<unknown> => {
    const slot = await acquire(owner ?? null, rank);
    const started = performance.now();
    try {
      return await runOn(slot, { job, transfer, timeoutMs: options.timeoutMs, limits });
    } finally {
      slot.busyMs += performance.now() - started;
      release(slot);
    }
  };
  const readStream = async (job: FeedJob, owner?: string): Promise<StreamedDocument> => {
    const rank = ranks++;
    // A large document comes back parsed but not normalized, in chunks that every thread shares.
    const read = (await run({ ...job, splitAbove: options.splitAbove ?? SPLIT_ABOVE }, owner, rank)) as ReadDocument | SplitDocument;
    if (!('split' in read)) return streamWhole(read);
    const { text: _text, ...rest } = job;
    return dispatchChunks(read, window, rank, (entries) => run({ ...rest, kind: 'entries', feed: read.feed, entries }, undefined, rank, [entries.buffer as ArrayBuffer]) as Promise<EntriesRead>);
  };
  return {
    read: async (job, owner) => collectDocument(await readStream(job, owner)),
    readStream,
    extract: (job, owner) => run(job, owner, ranks++) as Promise<PageReading>,
    async close() {
      // Threads started ahead first: one still loading ends now, not once it has loaded.
      await options.threads?.close();
      await Promise.all(slots.map(async (s) => (await s.worker?.catch(() => null))?.terminate()));
      slots.forEach((s) => (s.worker = null));
    },
    busyMs: () => slots.map((s) => Math.round(s.busyMs)),
  };
}

/**
 * Hands the chunks on to the threads in the order the document is best committed in, as the
 * window allows (a few ahead of the commit), and on to the commit in that order. Each chunk's
 * bytes move to the thread that normalizes it (no copy left behind here).
 */
function dispatchChunks(read: SplitDocument, window: ChunkWindow, rank: number, normalize: (entries: Uint8Array) => Promise<EntriesRead>): StreamedDocument {
  const indexes = read.chunks.map((_, i) => i);
  if (read.order === 'reverse') indexes.reverse();
  const bytes: Array<Uint8Array | undefined> = read.chunks;
  read.chunks = [];
  const stream = window.open(rank, indexes.length, (at) => {
    const index = indexes[at] as number;
    const entries = bytes[index] as Uint8Array;
    bytes[index] = undefined;
    return normalize(entries).then((r) => ({ index, items: r.items, skipped: r.skipped }));
  });
  return { meta: read.meta, problems: read.problems, ...stream, rejected: 'skipped' };
}

/**
 * Who gets the next free thread. One owner holds at most all threads but one (with one thread
 * there is nothing to share). Among the waiting jobs, the earliest document's go first: a document
 * being normalized in chunks finishes, commits and is let go before the next one is parsed, so
 * documents never pile up half-read on this thread.
 */
function createTurns(slots: Slot[]) {
  const perOwner = Math.max(1, slots.length - 1);
  const waiting: Waiter[] = [];
  const mayTake = (owner: string | null): boolean => owner === null || slots.filter((s) => s.busy && s.owner === owner).length < perOwner;
  const give = (slot: Slot, owner: string | null): Slot => Object.assign(slot, { busy: true, owner });
  return {
    acquire(owner: string | null, rank: number): Promise<Slot> {
      const free = slots.find((s) => !s.busy);
      if (free && mayTake(owner)) return Promise.resolve(give(free, owner));
      return new Promise((resolve) => waiting.push({ owner, rank, take: resolve }));
    },
    release(slot: Slot): void {
      Object.assign(slot, { busy: false, owner: null });
      let index = -1;
      waiting.forEach((w, i) => {
        if (mayTake(w.owner) && (index === -1 || w.rank < (waiting[index]?.rank ?? Infinity))) index = i;
      });
      const next = index === -1 ? undefined : waiting.splice(index, 1)[0];
      if (next) next.take(give(slot, next.owner));
    },
  };
}

interface Limits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

/** Settles when `worker` is sent its first message (a job), or ends without one (closed, crashed). */
function onFirstJob(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    const post = worker.postMessage;
    worker.postMessage = (...args: Parameters<Worker['postMessage']>) => {
      worker.postMessage = post;
      resolve();
      return post.apply(worker, args);
    };
  });
}

/** A worker that has loaded its modules (it says so with a `ready` message). */
function startWorker(resourceLimits: Limits, started?: Worker[]): Promise<Worker> {
  const worker = new Worker(WORKER_FILE, { resourceLimits });
  started?.push(worker);
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', (err) => reject(new WiredeskError('PARSE_INVALID', `parse: cannot start the parser thread: ${err.message}`, { cause: err })));
    // Terminated while loading (its threads closed): whoever waits for it is told, not left waiting.
    worker.once('exit', () => reject(new WiredeskError('PARSE_INVALID', 'parse: the parser thread stopped before it had loaded')));
  });
}

/** Why a thread died under a job: out of heap is the document's size, anything else a crash. */
function crashError(err: Error, limits: Limits): WiredeskError {
  if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WiredeskError('PARSE_TOO_LARGE', `parse: reading the document needs more than the parser thread's ${limits.maxOldGenerationSizeMb} MB of memory; the feed is too large or hostile, ask for a shorter one`, { cause: err });
  }
  return new WiredeskError('PARSE_INVALID', `parse: the parser crashed: ${err.message}`, { cause: err });
}

interface Run {
  job: Job;
  /** Buffers that move to the thread with the job (detached here). */
  transfer: ArrayBuffer[];
  timeoutMs: number;
  limits: Limits;
}

async function runOn(slot: Slot, { job, transfer, timeoutMs, limits }: Run): Promise<unknown> {
  let worker: Worker;
  try {
    worker = await (slot.worker ??= startWorker(limits));
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
      finish(() => reject(crashError(err, limits)));
    };
    const onExit = () => {
      slot.worker = null;
      finish(() => reject(new WiredeskError('PARSE_INVALID', 'parse: the parser stopped unexpectedly')));
    };
    const timer = setTimeout(() => {
      slot.worker = null;
      finish(() => reject(new WiredeskError('PARSE_INVALID', `parse: reading the document took longer than ${timeoutMs} ms; the feed is too large or hostile`)));
      void worker.terminate();
    }, timeoutMs);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job, transfer);
  });
}
