/** emit: a curated feed as RSS 2.0, Atom 1.0 or JSON Feed 1.1. Pure: same feed, same bytes. */
import type { CuratedFeed, OutputFormat, RenderedFeed } from '../model/curated.js';
import { WiredeskError } from '../model/errors.js';
import { prepareFeed } from './prepare-feed.js';
import { renderAtom } from './render-atom.js';
import { renderJson } from './render-json.js';
import { renderRss } from './render-rss.js';

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJson } satisfies Record<OutputFormat, unknown>;

export function renderFeed(feed: CuratedFeed, format: OutputFormat): RenderedFeed {
  const prepared = prepareFeed(feed);
  try {
    return { body: RENDERERS[format](prepared), contentType: CONTENT_TYPES[format] };
  } catch (err) {
    if (err instanceof WiredeskError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new WiredeskError('EMIT_FAILED', `emit: cannot render feed "${feed.id}" as ${format} (${reason}); report it with the feed's entries`, { cause: err });
  }
}
