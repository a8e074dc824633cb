/**
 * Rendered feeds kept in memory, each with its gzip and brotli twins and validators. A body is rebuilt only
 * when the feed it was rendered from changed: the store's generation says "maybe", the feed's
 * signature says "yes". Stale-while-revalidate: once a feed has a body, a request never waits for a
 * re-render; it gets the previous body (with that body's own ETag and Last-Modified) while the new
 * one is selected and rendered by the feed source, off the request path.
 */
import type { OutputFormat } from '../model/curated.js';
import { inlineFeedSource, type FeedSource, type LoadFeed, type RenderFn, type SourcedFeed } from './feed-source.js';
import { makeRepresentation, type Representation } from './representation.js';

export { feedSignature } from './feed-source.js';

export interface CachedBody extends Representation {
  /** Signature of the feed the body was rendered from. */
  signature: string;
}

export interface FeedCacheStats {
  /** Bodies served without rendering (stale ones included). */
  hits: number;
  /** Bodies rendered. */
  renders: number;
  /** Feed source loads. */
  loads: number;
  /** Requests answered with the previous body while a newer one was being rendered. */
  stale: number;
}

export interface FeedCache {
  /** The body to send now: the current one, else the previous one while the new one renders; waits only when there is none. */
  serve(id: string, format: OutputFormat): CachedBody | null | Promise<CachedBody | null>;
  /** The up-to-date body: waits for a render the generation calls for (WebSub pings, tests). */
  get(id: string, format: OutputFormat): Promise<CachedBody | null>;
  /** What serve() would send, without starting anything; null when no body is held. */
  peek(id: string, format: OutputFormat): CachedBody | null;
  /** Entries of the feed as last loaded, or null when never loaded. */
  entryCount(id: string): number | null;
  /** Drops everything (config reload). */
  invalidate(): void;
  /** Forgets the memoized generation: the next request asks the store (after our own ingest). */
  expireGeneration(): void;
  stats(): FeedCacheStats;
}

export interface FeedCacheDeps {
  /** Where bodies come from; defaults to `loadFeed` and `render` in the calling thread. */
  source?: FeedSource;
  loadFeed?: LoadFeed;
  render?: RenderFn;
  /** Changes whenever stored items may have changed (e.g. bumped after each ingest). */
  generation(): number;
  /** Clock for Last-Modified, in ms; defaults to Date.now. */
  now?: () => number;
  /**
   * Reuse a generation read for this long (ms) instead of asking the store on every request.
   * 0 (default) reads it every time; the service uses a second: a change shows up at most 1 s late.
   */
  generationTtlMs?: number;
  /** A background refresh failed: the previous body stays in service until the next change. */
  onError?(id: string, err: unknown): void;
}

interface FeedState {
  /** The generation this state was checked against the store at. */
  generation: number;
  signature: string;
  entryCount: number;
  /** When this signature first appeared: the Last-Modified of bodies rendered from it. */
  changedAt: number;
  bodies: Map<OutputFormat, CachedBody>;
  /** Bodies of the previous signature, reused when a re-render gives the same bytes. */
  previous: Map<OutputFormat, CachedBody>;
}

export function createFeedCache(deps: FeedCacheDeps): FeedCache {
  const now = deps.now ?? Date.now;
  const source = deps.source ?? inlineFeedSource(deps.loadFeed ?? (() => null), ...(deps.render ? [deps.render] : []));
  const states = new Map<string, FeedState>();
  /** One refresh per feed at a time; requests arriving meanwhile join it. */
  const pending = new Map<string, Promise<void>>();
  const stats: FeedCacheStats = { hits: 0, renders: 0, loads: 0, stale: 0 };
  const generation = memoizeFor(deps.generation, deps.generationTtlMs ?? 0, now);
  let epoch = 0;

  async function refresh(id: string, wanted: OutputFormat): Promise<void> {
    const checkedAt = generation.read();
    const startedIn = epoch;
    const known = states.get(id);
    stats.loads += 1;
    let loaded: SourcedFeed | null;
    try {
      loaded = await source.load({ id, knownSignature: known?.signature ?? null, cached: [...(known?.bodies.keys() ?? [])], wanted });
    } catch (err) {
      // Keep serving what we have until the store changes again, rather than retrying per request.
      if (known !== undefined && startedIn === epoch) known.generation = checkedAt;
      throw err;
    }
    if (startedIn !== epoch) return; // invalidated meanwhile: the next request starts afresh
    if (loaded === null) states.delete(id);
    else states.set(id, merge(known, loaded, checkedAt));
  }

  function merge(known: FeedState | undefined, loaded: SourcedFeed, checkedAt: number): FeedState {
    const same = known !== undefined && known.signature === loaded.signature;
    const state: FeedState = same ? known : {
      generation: checkedAt, signature: loaded.signature, entryCount: loaded.entryCount,
      changedAt: nextChangedAt(now(), known), bodies: new Map(), previous: known?.bodies ?? new Map(),
    };
    Object.assign(state, { generation: checkedAt, entryCount: loaded.entryCount });
    for (const [format, sourced] of Object.entries(loaded.bodies) as Array<[OutputFormat, { body: Buffer; contentType: string }]>) {
      stats.renders += 1;
      state.bodies.set(format, represent(state, format, sourced.body, sourced.contentType));
    }
    return state;
  }

  function represent(state: FeedState, format: OutputFormat, body: Buffer, contentType: string): CachedBody {
    const fresh = Object.assign(makeRepresentation(body, contentType, new Date(state.changedAt).toUTCString()), { signature: state.signature });
    const earlier = state.previous.get(format);
    // Same bytes as before the feed changed: keep the old validators so clients get 304s.
    return earlier !== undefined && earlier.etag === fresh.etag ? reuse(earlier, state.signature) : fresh;
  }

  function startRefresh(id: string, wanted: OutputFormat): Promise<void> {
    const running = pending.get(id);
    if (running !== undefined) return running;
    const run: Promise<void> = refresh(id, wanted).finally(() => {
      // After an invalidate() a newer refresh may own the slot: leave it.
      if (pending.get(id) === run) pending.delete(id);
    });
    pending.set(id, run);
    return run;
  }

  /** Waits until a body of `format` for the current generation is held (or the feed is gone). */
  async function current(id: string, format: OutputFormat): Promise<CachedBody | null> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const state = states.get(id);
      const body = state?.bodies.get(format);
      if (body !== undefined && state?.generation === generation.read() && !pending.has(id)) {
        if (attempt === 0) stats.hits += 1;
        return body;
      }
      await startRefresh(id, format);
      if (!states.has(id)) return null;
    }
    return states.get(id)?.bodies.get(format) ?? null;
  }

  return {
    serve(id, format) {
      const state = states.get(id);
      const body = state?.bodies.get(format);
      if (body === undefined) return current(id, format);
      stats.hits += 1;
      if (state !== undefined && state.generation !== generation.read()) {
        stats.stale += 1;
        startRefresh(id, format).catch((err: unknown) => deps.onError?.(id, err));
      }
      return body;
    },
    get: current,
    peek: (id, format) => states.get(id)?.bodies.get(format) ?? null,
    entryCount: (id) => states.get(id)?.entryCount ?? null,
    invalidate() {
      epoch += 1;
      states.clear();
      pending.clear();
    },
    expireGeneration: () => generation.expire(),
    stats: () => ({ ...stats }),
  };
}

/** A copy under a new signature, which also gets the compressed twins still being made for the original. */
function reuse(earlier: CachedBody, signature: string): CachedBody {
  const copy: CachedBody = { ...earlier, signature };
  void earlier.compressed?.then(() => Object.assign(copy, { gzip: earlier.gzip, br: earlier.br }));
  return copy;
}

/** fn's value, re-read only once ttlMs has passed since the last read (always, with ttlMs 0). */
function memoizeFor(fn: () => number, ttlMs: number, now: () => number): { read(): number; expire(): void } {
  let value = 0;
  let readAt = -Infinity;
  return {
    read() {
      const t = now();
      if (ttlMs <= 0 || t - readAt >= ttlMs || t < readAt) [value, readAt] = [fn(), t];
      return value;
    },
    expire() {
      readAt = -Infinity;
    },
  };
}

/** HTTP dates have one-second precision: two changes must never share a Last-Modified. */
function nextChangedAt(nowMs: number, previous: FeedState | undefined): number {
  const second = Math.floor(nowMs / 1000) * 1000;
  return previous === undefined ? second : Math.max(second, previous.changedAt + 1000);
}
