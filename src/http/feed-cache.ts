/**
 * Rendered feeds kept in memory, each with its gzip twin and validators. A body is rebuilt only
 * when the feed it was rendered from changed: the store's generation says "maybe", the feed's
 * signature says "yes".
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { renderFeed } from '../emit/render-feed.js';
import type { CuratedFeed, OutputFormat, RenderedFeed } from '../model/curated.js';

export interface CachedBody {
  body: Buffer;
  /** Null when compressing does not pay (tiny bodies). */
  gzip: Buffer | null;
  /** Strong ETag of `body`, quoted. */
  etag: string;
  /** HTTP date. */
  lastModified: string;
  contentType: string;
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
  stats(): FeedCacheStats;
}

export interface FeedCacheDeps {
  loadFeed(id: string): CuratedFeed | null;
  /** Changes whenever stored items may have changed (e.g. bumped after each ingest). */
  generation(): number;
  /** Clock for Last-Modified, in ms; defaults to Date.now. */
  now?: () => number;
  render?: (feed: CuratedFeed, format: OutputFormat) => RenderedFeed;
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

const MIN_GZIP_BYTES = 256;

export function createFeedCache(deps: FeedCacheDeps): FeedCache {
  const now = deps.now ?? Date.now;
  const render = deps.render ?? renderFeed;
  const states = new Map<string, FeedState>();
  const stats: FeedCacheStats = { hits: 0, renders: 0, loads: 0 };

  function refresh(id: string): FeedState | null {
    const generation = deps.generation();
    const known = states.get(id);
    if (known !== undefined && known.generation === generation) return known;
    stats.loads += 1;
    const feed = deps.loadFeed(id);
    if (feed === null) {
      states.delete(id);
      return null;
    }
    const signature = feedSignature(feed);
    if (known !== undefined && known.signature === signature) {
      Object.assign(known, { generation, feed });
      return known;
    }
    const state: FeedState = {
      generation, feed, signature, changedAt: nextChangedAt(now(), known), bodies: new Map(), previous: known?.bodies ?? new Map(),
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
    if (earlier !== undefined && earlier.etag === etag) return { ...earlier, signature: state.signature };
    const gzip = body.length >= MIN_GZIP_BYTES ? gzipSync(body) : null;
    return {
      body, gzip: gzip !== null && gzip.length < body.length ? gzip : null, etag,
      lastModified: new Date(state.changedAt).toUTCString(), contentType: rendered.contentType, signature: state.signature,
    };
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
    stats: () => ({ ...stats }),
  };
}

/**
 * A hash of the whole curated feed: renderFeed is a pure function of it, so an equal signature
 * means an equal body, and no field can be forgotten from the comparison.
 */
export function feedSignature(feed: CuratedFeed): string {
  return createHash('sha256').update(JSON.stringify(feed)).digest('base64url');
}

function strongEtag(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** HTTP dates have one-second precision: two changes must never share a Last-Modified. */
function nextChangedAt(nowMs: number, previous: FeedState | undefined): number {
  const second = Math.floor(nowMs / 1000) * 1000;
  return previous === undefined ? second : Math.max(second, previous.changedAt + 1000);
}
