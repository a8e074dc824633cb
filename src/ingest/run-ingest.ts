/**
 * One ingest pass over the due sources (or the named ones), under a lease in the database so a
 * cron `ingest` and the running service never ingest at the same time.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { LoadedConfig } from '../config/load-config.js';
import { resolveSourceUrl } from '../config/load-config.js';
import type { SourceConfig } from '../config/schema.js';
import { createHostLimiter, createLimiter } from '../fetch/host-limiter.js';
import type { Logger } from '../log/logger.js';
import { WiredeskError } from '../model/errors.js';
import { isDeadLocalHolder } from '../schedule/lease-holder.js';
import { eligibility } from '../schedule/source-policy.js';
import type { Store } from '../store/open-store.js';
import { explainStoreError } from '../store/store-errors.js';
import { createReadFeedPool, PARSE_THREADS, type ParseThreads, type ReadFeedPoolOptions } from './read-feed-pool.js';
import type { SliceOptions } from './commit-slices.js';
import { refreshSource, type RefreshContext, type RefreshOutcome } from './refresh-source.js';

export const INGEST_LEASE = 'ingest';
/**
 * How long a commit slice holds the thread (its work and its COMMIT, about as long), in milliseconds, for a process that serves no HTTP (the `ingest` command):
 * slices keep a server in the same process answering, and each COMMIT rewrites the index pages its
 * slice touched (WAL frames), so with no server to answer fewer, bigger slices are cheaper (a
 * 5,000-item cold fill: SQLite's own time 3.0 s in 8–32 ms slices, 1.2 s in 200–400 ms ones; ~100 ms of work keeps a kill mid-fill losing little).
 */
export const UNSERVED_SLICE_MS = 200;
const LEASE_TTL_MS = 10 * 60_000;

export interface IngestOptions {
  /** Refresh exactly these sources, due or not. */
  sourceIds?: string[];
  /** Refresh every enabled source, due or not. */
  all?: boolean;
  /** How long to wait for another ingest to finish before giving up; 0 = do not wait. */
  waitMs?: number;
  now?: () => Date;
  onProgress?: (outcome: RefreshOutcome, done: number, total: number) => void;
  /** Shutdown: refreshes already started finish (their slices commit, the fetch state with the last); no new one starts. */
  signal?: AbortSignal;
  /** Parse threads started ahead (at process start): the pass's pool takes them over and closes them. */
  threads?: ParseThreads;
  /** How commits give the event loop back (the service: its HTTP server's turns first). */
  slicing?: SliceOptions;
}

export interface IngestReport {
  skipped: false;
  outcomes: RefreshOutcome[];
}

export interface IngestSkipped {
  skipped: true;
  holder: string;
}

export async function runIngest(loaded: LoadedConfig, store: Store, log: Logger, options: IngestOptions = {}): Promise<IngestReport | IngestSkipped> {
  const now = options.now ?? (() => new Date());
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const acquired = await acquireLease(store, holder, now, options.waitMs ?? 0).catch((err: unknown) => {
    throw explainStoreError(err, 'take the ingest lease') ?? err;
  });
  if (!acquired) {
    return { skipped: true, holder: store.leases.holderOf(INGEST_LEASE, now().getTime()) ?? 'unknown' };
  }
  const renew = setInterval(() => store.leases.renew(INGEST_LEASE, holder, LEASE_TTL_MS, now().getTime()), LEASE_TTL_MS / 3);
  renew.unref();
  try {
    const sources = selectSources(loaded, store, options, now());
    const outcomes = await refreshAll(loaded, store, log, sources, now, options);
    return { skipped: false, outcomes };
  } finally {
    clearInterval(renew);
    releaseLease(store, holder, log);
  }
}

/** A store that fails now (a full disk) keeps the lease until it expires or its holder is seen dead: the pass's own outcomes are what to report. */
function releaseLease(store: Store, holder: string, log: Logger): void {
  try {
    store.leases.release(INGEST_LEASE, holder);
  } catch (err) {
    log.error({ err: explainStoreError(err, 'release the ingest lease')?.message ?? String(err) }, 'store: cannot release the ingest lease; it expires on its own');
  }
}

async function acquireLease(store: Store, holder: string, now: () => Date, waitMs: number): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (store.leases.acquire(INGEST_LEASE, holder, LEASE_TTL_MS, now().getTime())) return true;
    // A holder killed with -9 on this host is gone for good: free its lease now, not at expiry.
    const stale = store.leases.holderOf(INGEST_LEASE, now().getTime());
    if (stale !== null && isDeadLocalHolder(stale)) {
      store.leases.release(INGEST_LEASE, stale);
      continue;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(500, Math.max(10, deadline - Date.now()))));
  }
}

function selectSources(loaded: LoadedConfig, store: Store, options: IngestOptions, now: Date): SourceConfig[] {
  const { sources } = loaded.config;
  const named = namedSources(sources, options.sourceIds);
  if (named !== null) return named;
  return sources.filter((s) => {
    if (!s.enabled) return false;
    const why = eligibility(s, resolveSourceUrl(s.url, loaded.dir), store, now);
    return why === 'run' || (options.all === true && why === 'not-due');
  });
}

/** The sources named on the command line (null when none were): an unknown id is a config error. */
export function namedSources(sources: SourceConfig[], ids: string[] | undefined): SourceConfig[] | null {
  if (!ids || ids.length === 0) return null;
  const unknown = ids.filter((id) => !sources.some((s) => s.id === id));
  if (unknown.length > 0) {
    throw new WiredeskError('CONFIG_INVALID', `ingest: unknown source id ${unknown.map((u) => `"${u}"`).join(', ')}; see \`wiredesk sources\``);
  }
  return sources.filter((s) => ids.includes(s.id));
}

export interface RefreshKit {
  /** A refresh context for the source, without its store or port. */
  contextFor(source: SourceConfig): Omit<RefreshContext, 'store' | 'port'>;
  /** Milliseconds each parse thread has worked so far. */
  busyMs(): number[];
  close(): Promise<void>;
}

/**
 * Documents a pass holds between fetch and commit: one per parse thread, one committing, one
 * fetched ahead. The others wait unfetched, so memory is bounded whatever the number of sources.
 */
export function documentsInFlight(workers: number): number {
  return workers + 2;
}

/** Tuning the kit (tests, benches): the pool's size and thread limits, the documents in flight. */
export type RefreshKitOptions = Partial<ReadFeedPoolOptions> & { documents?: number };

/** What every refresh of a pass shares: per-host limiter, priorities, the parse worker pool. */
export function createRefreshKit(loaded: LoadedConfig, log: Logger, now: () => Date, options: RefreshKitOptions = {}): RefreshKit {
  const { config } = loaded;
  const limiter = createHostLimiter({ perHost: config.fetch.perHostConcurrency, minDelayMs: config.fetch.perHostDelayMs });
  const priorities = new Map(config.sources.map((s) => [s.id, s.priority]));
  const workers = options.size ?? PARSE_THREADS;
  const { documents: held, ...poolOptions } = options;
  const pool = createReadFeedPool({ timeoutMs: config.fetch.parseTimeoutMs, ...poolOptions, size: workers });
  const documents = createLimiter(held ?? documentsInFlight(workers));
  return {
    contextFor: (source) => ({
      config, log, now, url: resolveSourceUrl(source.url, loaded.dir),
      priorityOf: (id) => priorities.get(id) ?? 0,
      throttle: (url, fn) => limiter.run(url, fn),
      // The parse threads also work out each item's story features: the commit only places.
      read: (job) => pool.readStream({ ...job, features: true }, source.id),
      extract: (job) => pool.extract(job, source.id),
      holdDocument: () => documents.hold(),
    }),
    busyMs: () => pool.busyMs(),
    close: () => pool.close(),
  };
}

async function refreshAll(loaded: LoadedConfig, store: Store, log: Logger, sources: SourceConfig[], now: () => Date,
  { onProgress, signal, threads, slicing }: IngestOptions): Promise<RefreshOutcome[]> {
  // A pass with nothing due starts no parse thread (the service runs one every tick).
  if (sources.length === 0) return [];
  const kit = createRefreshKit(loaded, log, now, threads ? { threads } : {});
  const outcomes: RefreshOutcome[] = [];
  const queue = [...sources];
  const worker = async (): Promise<void> => {
    for (let source = queue.shift(); source && signal?.aborted !== true; source = queue.shift()) {
      const outcome = await refreshSource(source, { ...kit.contextFor(source), store, ...(slicing ? { slicing } : {}) });
      outcomes.push(outcome);
      onProgress?.(outcome, outcomes.length, sources.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(loaded.config.fetch.concurrency, sources.length) }, worker));
  } finally {
    log.info({ sources: sources.length, busyMs: kit.busyMs() }, 'ingest: parse threads busy');
    await kit.close();
  }
  return outcomes;
}
