/**
 * Where the render cache gets a feed's bytes: the feed selected from the store now, its signature,
 * and the formats it needs rendered. This is the cache's only data source (a worker thread over
 * its own SQLite connection in the service, the calling thread in `build` and tests; a PostgreSQL
 * read port plugs in here too): implement `load` and the cache does the rest (validators, twins,
 * stale-while-revalidate).
 */
import { createHash } from 'node:crypto';
import { renderFeed } from '../emit/render-feed.js';
import type { CuratedFeed, OutputFormat, RenderedFeed } from '../model/curated.js';

export interface FeedLoadRequest {
  id: string;
  /** Signature of the bodies the cache holds, or null. */
  knownSignature: string | null;
  /** Formats the cache holds bodies of for `knownSignature`. */
  cached: readonly OutputFormat[];
  /** The format a request asks for. */
  wanted: OutputFormat;
}

export interface SourcedBody {
  body: Buffer;
  contentType: string;
}

export interface SourcedFeed {
  signature: string;
  entryCount: number;
  /** Rendered bodies: every cached format and the wanted one when the signature changed, else only the missing wanted one. */
  bodies: Partial<Record<OutputFormat, SourcedBody>>;
}

export interface FeedSource {
  /** The feed as the store has it now, or null when no feed has that id. */
  load(request: FeedLoadRequest): Promise<SourcedFeed | null>;
  close?(): Promise<void>;
}

export type LoadFeed = (id: string) => CuratedFeed | null | Promise<CuratedFeed | null>;
export type RenderFn = (feed: CuratedFeed, format: OutputFormat) => RenderedFeed;

/** Which formats to render once the feed's signature is known. */
export function formatsToRender(request: FeedLoadRequest, signature: string): OutputFormat[] {
  if (signature !== request.knownSignature) return [...new Set([...request.cached, request.wanted])];
  return request.cached.includes(request.wanted) ? [] : [request.wanted];
}

/** Selection and rendering in one step: what the worker runs, and the calling thread without one. */
export async function loadAndRender(loadFeed: LoadFeed, render: RenderFn, request: FeedLoadRequest): Promise<SourcedFeed | null> {
  const feed = await loadFeed(request.id);
  if (feed === null) return null;
  const signature = feedSignature(feed);
  const bodies: SourcedFeed['bodies'] = {};
  for (const format of formatsToRender(request, signature)) {
    const rendered = render(feed, format);
    bodies[format] = { body: Buffer.from(rendered.body, 'utf8'), contentType: rendered.contentType };
  }
  return { signature, entryCount: feed.entries.length, bodies };
}

/** In the calling thread: `build`, tests, and the service when the compiled worker is not there. */
export function inlineFeedSource(loadFeed: LoadFeed, render: RenderFn = renderFeed): FeedSource {
  return { load: (request) => loadAndRender(loadFeed, render, request) };
}

/**
 * A hash of the whole curated feed: renderFeed is a pure function of it, so an equal signature
 * means an equal body, and no field can be forgotten from the comparison.
 */
export function feedSignature(feed: CuratedFeed): string {
  return createHash('sha256').update(JSON.stringify(feed)).digest('base64url');
}
