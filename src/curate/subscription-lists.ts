/** The OPML subscription lists of a configuration: what GET /sources.opml, /feeds.opml and build serve. */
import type { Config } from '../config/schema.js';
import type { OutputFormat } from '../model/curated.js';
import { renderFeedsOpml, renderSourcesOpml } from '../emit/render-opml.js';
import type { CuratePort } from './curate-port.js';
import { baseUrlOf } from './feed-loader.js';
import { sourceRef } from './select-feed.js';

export type SubscriptionList = 'sources' | 'feeds';

/** Which private feeds a list shows, and the token their URLs carry (null: none, e.g. a static build). */
export interface FeedGrant {
  feeds: readonly string[] | 'all';
  token: string | null;
}

export const PUBLIC_FEEDS: FeedGrant = { feeds: [], token: null };

export async function renderSubscriptionList(list: SubscriptionList, config: Config, port: CuratePort, grant: FeedGrant = PUBLIC_FEEDS): Promise<string> {
  const baseUrl = baseUrlOf(config);
  if (list === 'feeds') {
    const feeds = config.feeds.filter((f) => isGranted(f.id, f.access, grant)).map((f) => ({
      id: f.id, title: f.title, description: f.description, language: f.language ?? null, formats: f.formats as OutputFormat[],
      token: f.access === 'token' ? grant.token : null,
    }));
    return renderFeedsOpml({ title: 'wiredesk curated feeds', baseUrl }, feeds);
  }
  const byId = new Map(config.sources.map((s) => [s.id, s]));
  const facts = await port.sourceFacts(config.sources.map((s) => s.id));
  const sources = config.sources.map((s) => {
    const ref = sourceRef(s.id, byId, facts);
    const home = facts.get(s.id)?.feedLink ?? null;
    return { id: s.id, title: ref.title, kind: s.kind, url: s.url, type: s.type, homeUrl: home, language: s.language ?? null };
  });
  return renderSourcesOpml({ title: 'wiredesk sources', baseUrl }, sources);
}

export function isGranted(id: string, access: 'public' | 'token', grant: FeedGrant): boolean {
  return access === 'public' || grant.feeds === 'all' || grant.feeds.includes(id);
}
