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
  get(id: string, format: OutputFormat): CachedBody | null;
  /** Drops everything (config reload). */
  invalidate(): void;
  /** Forgets the memoized generation: the next get() asks the store (after our own ingest). */
  expireGeneration(): void;
  stats(): FeedCacheStats;
}

export interface FeedCacheDeps {
  loadFeed(id: string): CuratedFeed | null;
  /** Changes whenever stored items may have changed (e.g. bumped after each ingest). */
  generation(): number;
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
  const stats: FeedCacheStats = { hits: 0, renders: 0, loads: 0 };
  const generation = memoizeFor(deps.generation, deps.generationTtlMs ?? 0, now);

  function refresh(id: string): FeedState | null {
    const current = generation.read();
    const known = states.get(id);
    if (known !== undefined && known.generation === current) return known;
    stats.loads += 1;
    const feed = deps.loadFeed(id);
    if (feed === null) {
      states.delete(id);
      return null;
    }
    const signature = feedSignature(feed);
    if (known !== undefined && known.signature === signature) {
      Object.assign(known, { generation: current, feed });
      return known;
    }
    const state: FeedState = {
      generation: current, feed, signature, changedAt: nextChangedAt(now(), known), bodies: new Map(), previous: known?.bodies ?? new Map(),
    };
    states.set(id, state);
    return state;
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
    get(id, format) {
      const state = refresh(id);
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
      states.clear();
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
