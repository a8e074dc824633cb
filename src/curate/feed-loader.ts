/** Looks up a curated feed by id and selects its entries now: what the render cache and build call. */
import type { Config } from '../config/schema.js';
import type { CuratedFeed } from '../model/curated.js';
import type { Store } from '../store/open-store.js';
import { selectFeed } from './select-feed.js';

export function baseUrlOf(config: Config): string {
  const fromConfig = config.server.baseUrl?.replace(/\/+$/, '');
  if (fromConfig) return fromConfig;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  const shownHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  return `http://${shownHost}:${config.server.port}`;
}

export function createFeedLoader(getConfig: () => Config, store: Store, now: () => Date = () => new Date()) {
  return (id: string): CuratedFeed | null => {
    const config = getConfig();
    const feed = config.feeds.find((f) => f.id === id);
    if (!feed) return null;
    const selected = selectFeed(feed, { config, store, baseUrl: baseUrlOf(config), now: now() });
    // A hub could not read a private feed: it is never announced there.
    return { ...selected, hub: feed.access === 'public' ? config.websub?.hub ?? null : null };
  };
}
