/** Looks up a curated feed by id and selects its entries now, through curate's port: what the render cache and build call. */
import type { Config } from '../config/schema.js';
import type { CuratedFeed } from '../model/curated.js';
import type { CuratePort } from './curate-port.js';
import { selectFeed } from './select-feed.js';

export function baseUrlOf(config: Config): string {
  const fromConfig = config.server.baseUrl?.replace(/\/+$/, '');
  if (fromConfig) return fromConfig;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return `http://${shownHost}:${config.server.port}`;
}

export type FeedLoader = (id: string) => Promise<CuratedFeed | null>;

export function createFeedLoader(getConfig: () => Config, port: CuratePort, now: () => Date = () => new Date()): FeedLoader {
  return async (id) => {
    const config = getConfig();
    const feed = config.feeds.find((f) => f.id === id);
    if (!feed) return null;
    const selected = await selectFeed(feed, { config, port, baseUrl: baseUrlOf(config), now: now() });
    // A hub could not read a private feed: it is never announced there.
    return { ...selected, hub: feed.access === 'public' ? config.websub?.hub ?? null : null };
  };
}
