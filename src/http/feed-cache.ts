/**
 * Rendered feeds kept in memory, each with its gzip and brotli twins and validators. A body is rebuilt only
 * when the feed it was rendered from changed: the store's generation says "maybe", the feed's
 * signature says "yes".
 */
import { createHash } from 'node:crypto';
import { renderFeed } from '../emit/render-feed.js';
import type { CuratedFeed, OutputFormat, RenderedFeed } from '../model/curated.js';
import { makeRepresentation, strongEtag, type Representation } from './representation.js';

export interface CachedBody extends Representation {
  /** Signature of the feed the body was rendered from. */
  signature: string;
}

export interface FeedCacheStats {
  /** Bodies served without rendering. */
  hits: number;
  /** renderFeed calls. */
  renders: number;
  /** loadFeed calls. */
  loads: number;
}

export interface FeedCache {
  get(id: string, format: OutputFormat): Promise<CachedBody | null>;
  /** Drops everything (config reload). */
  invalidate(): void;
  /** Forgets the memoized generation: the next get() asks the store (after our own ingest). */
  expireGeneration(): void;
  stats(): FeedCacheStats;
}

export interface FeedCacheDeps {
  /** Selects the feed now (curate's port: SQLite or PostgreSQL); null for an unknown feed. */
  loadFeed(id: string): Promise<CuratedFeed | null>;
  /** Changes whenever stored items may have changed (e.g. bumped after each ingest). */
  generation(): number | Promise<number>;
  /** Clock for Last-Modified, in ms; defaults to Date.now. */
  now?: () => number;
  render?: (feed: CuratedFeed, format: OutputFormat) => RenderedFeed;
  /**
   * Reuse a generation read for this long (ms) instead of asking the store on every request.
   * 0 (default) reads it every time; the service uses a second: a change shows up at most 1 s late.
   */
  generationTtlMs?: number;
}

interface FeedState {
  generation: number;
  feed: CuratedFeed;
  signature: string;
  /** When this signature first appeared: the Last-Modified of bodies rendered from it. */
  changedAt: number;
  bodies: Map<OutputFormat, CachedBody>;
  /** Bodies of the previous signature, reused when a re-render gives the same bytes. */
  previous: Map<OutputFormat, CachedBody>;
}

export function createFeedCache(deps: FeedCacheDeps): FeedCache {
  const now = deps.now ?? Date.now;
  const render = deps.render ?? renderFeed;
  const states = new Map<string, FeedState>();
  /** One load per feed at a time: concurrent requests for a changed feed share it. */
  const loading = new Map<string, { generation: number; state: Promise<FeedState | null> }>();
  const stats: FeedCacheStats = { hits: 0, renders: 0, loads: 0 };
  const generation = memoizeFor(deps.generation, deps.generationTtlMs ?? 0, now);
  // Bumped by invalidate(): a load started before it must not fill the cache afterwards.
  let epoch = 0;

  async function load(id: string, current: number): Promise<FeedState | null> {
    const started = epoch;
    stats.loads += 1;
    const feed = await deps.loadFeed(id);
    if (started !== epoch) return feed === null ? null : newState(id, current, feed, feedSignature(feed), undefined, false);
    const known = states.get(id);
    // A slower load of an older generation never replaces a newer one.
    if (known !== undefined && known.generation > current) return known;
    if (feed === null) {
      states.delete(id);
      return null;
    }
    const signature = feedSignature(feed);
    if (known !== undefined && known.signature === signature) {
      Object.assign(known, { generation: current, feed });
      return known;
    }
    return newState(id, current, feed, signature, known, true);
  }

  function newState(id: string, current: number, feed: CuratedFeed, signature: string, known: FeedState | undefined, keep: boolean): FeedState {
    const state: FeedState = {
      generation: current, feed, signature, changedAt: nextChangedAt(now(), known), bodies: new Map(), previous: known?.bodies ?? new Map(),
    };
    if (keep) states.set(id, state);
    return state;
  }

  async function refresh(id: string): Promise<FeedState | null> {
    const current = await generation.read();
    const known = states.get(id);
    if (known !== undefined && known.generation === current) return known;
    const pending = loading.get(id);
    if (pending !== undefined && pending.generation === current) return pending.state;
    const entry = { generation: current, state: load(id, current) };
    loading.set(id, entry);
    void entry.state.finally(() => loading.get(id) === entry && loading.delete(id)).catch(() => undefined);
    return entry.state;
  }

  function build(state: FeedState, format: OutputFormat): CachedBody {
    stats.renders += 1;
    const rendered = render(state.feed, format);
    const body = Buffer.from(rendered.body, 'utf8');
    const etag = strongEtag(body);
    const earlier = state.previous.get(format);
    // Same bytes as before the feed changed: keep the old validators so clients get 304s.
    if (earlier !== undefined && earlier.etag === etag) return reuse(earlier, state.signature);
    const lastModified = new Date(state.changedAt).toUTCString();
    return Object.assign(makeRepresentation(body, rendered.contentType, lastModified), { signature: state.signature });
  }

  return {
    async get(id, format) {
      const state = await refresh(id);
      if (state === null) return null;
      const cached = state.bodies.get(format);
      if (cached !== undefined) {
        stats.hits += 1;
        return cached;
      }
      const built = build(state, format);
      state.bodies.set(format, built);
      return built;
    },
    invalidate() {
      epoch += 1;
      states.clear();
      loading.clear();
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

/**
 * A hash of the whole curated feed: renderFeed is a pure function of it, so an equal signature
 * means an equal body, and no field can be forgotten from the comparison.
 */
export function feedSignature(feed: CuratedFeed): string {
  return createHash('sha256').update(JSON.stringify(feed)).digest('base64url');
}

/** fn's value, re-read only once ttlMs has passed since the last read (always, with ttlMs 0); one read at a time. */
function memoizeFor(fn: () => number | Promise<number>, ttlMs: number, now: () => number): { read(): Promise<number>; expire(): void } {
  let value = 0;
  let readAt = -Infinity;
  let reading: Promise<number> | null = null;
  return {
    async read() {
      const t = now();
      if (ttlMs > 0 && t - readAt < ttlMs && t >= readAt) return value;
      if (reading !== null) return reading;
      const read: Promise<number> = Promise.resolve(fn()).then((v) => {
        if (reading === read) [value, readAt] = [v, t];
        return v;
      }).finally(() => {
        if (reading === read) reading = null;
      });
      reading = read;
      return read;
    },
    expire() {
      // A read already under way may predate the change that made us expire: the next one starts afresh.
      [readAt, reading] = [-Infinity, null];
    },
  };
}

/** HTTP dates have one-second precision: two changes must never share a Last-Modified. */
function nextChangedAt(nowMs: number, previous: FeedState | undefined): number {
  const second = Math.floor(nowMs / 1000) * 1000;
  return previous === undefined ? second : Math.max(second, previous.changedAt + 1000);
}
