/** A curated feed's rules → its entries: matching items, newest first, one entry per story. */
import { feedWindowStart } from '../config/retention-window.js';
import type { Config, FeedConfig, SourceConfig } from '../config/schema.js';
import { compareVersions } from '../dedup/canonical.js';
import { newestUpdate, withUpdateText } from '../dedup/newest-update.js';
import { tokenize } from '../dedup/prepare-text.js';
import type { CuratedEntry, CuratedFeed, RelatedVersion, SourceRef } from '../model/curated.js';
import type { CandidateQuery, StoredItem } from '../store/items-table.js';
import type { Store } from '../store/open-store.js';
import { compileKeywords } from './keywords.js';
import { eligibleSourceIds } from './source-rules.js';
import { compileWireRules, isPublishable, selectTombstones } from './wire-rules.js';

/** How many stored items per wanted entry are read before rule filtering. */
const CANDIDATE_FACTOR = 10;

export interface SelectContext {
  config: Config;
  store: Store;
  baseUrl: string;
  now: Date;
}

export function selectFeed(feed: FeedConfig, ctx: SelectContext): CuratedFeed {
  const sources = new Map(ctx.config.sources.map((s) => [s.id, s]));
  const sourceIds = eligibleSourceIds(feed, ctx.config.sources);
  // Never older than retention: what a feed shows is what retention keeps (README "Retention").
  const since = feedWindowStart(ctx.config, feed.maxAgeHours, ctx.now).toISOString();
  const candidates = sourceIds.length === 0 ? [] : selectCandidates(feed, ctx, { sourceIds, since, limit: feed.limit * CANDIDATE_FACTOR + 200 });
  const wireRules = compileWireRules(feed);
  const itemRules = compileItemRules(feed, sources);
  const matches = candidates.filter((item) => isPublishable(item, ctx.now) && wireRules(item) && itemRules(item));
  const entries = pickOnePerStory(matches, sources).slice(0, feed.limit).map((item) => toEntry(item, sources, ctx));
  return {
    id: feed.id,
    title: feed.title,
    description: feed.description || feed.title,
    language: feed.language ?? null,
    baseUrl: ctx.baseUrl,
    updated: latestChange(entries),
    entries,
    deleted: selectTombstones(ctx.store, sourceIds, ctx.now, (item) => wireRules(item) && itemRules(item)),
  };
}

/** With a full-text `query`, the index picks the candidates; the other rules then filter them. */
function selectCandidates(feed: FeedConfig, ctx: SelectContext, query: CandidateQuery): StoredItem[] {
  const match = feed.include.query;
  return match === undefined ? ctx.store.items.candidates(query) : ctx.store.search.search({ ...query, match });
}

function compileItemRules(feed: FeedConfig, sources: Map<string, SourceConfig>): (item: StoredItem) => boolean {
  const include = compileKeywords(feed.include.keywords);
  const exclude = compileKeywords(feed.exclude.keywords);
  const languageOf = (item: StoredItem) => (item.language ?? sources.get(item.sourceId)?.language ?? '').toLowerCase();
  return (item) => {
    const language = languageOf(item);
    if (feed.include.languages.length > 0 && !feed.include.languages.some((l) => matchesLanguage(language, l))) return false;
    if (feed.exclude.languages.some((l) => matchesLanguage(language, l))) return false;
    if (!include && !exclude) return true;
    const tokens = tokenize(`${item.title}\n${item.contentText}`);
    if (include && !include(tokens)) return false;
    return !(exclude && exclude(tokens));
  };
}

function matchesLanguage(language: string, wanted: string): boolean {
  const w = wanted.toLowerCase();
  return language === w || language.startsWith(`${w}-`);
}

/** Keeps the best version of each story among the matches, in the order of each story's newest match. */
function pickOnePerStory(items: StoredItem[], sources: Map<string, SourceConfig>): StoredItem[] {
  const best = new Map<string, StoredItem>();
  for (const item of items) {
    const current = best.get(item.storyId);
    const rank = (i: StoredItem) => ({ item: i, priority: sources.get(i.sourceId)?.priority ?? 0 });
    if (!current || compareVersions(rank(item), rank(current)) < 0) best.set(item.storyId, item);
  }
  return [...best.values()].sort((a, b) => sortDate(b).localeCompare(sortDate(a)) || a.id.localeCompare(b.id));
}

function sortDate(item: StoredItem): string {
  return item.published ?? item.fetchedAt;
}

function toEntry(item: StoredItem, sources: Map<string, SourceConfig>, ctx: SelectContext): CuratedEntry & { item: StoredItem } {
  const seen = new Set([item.sourceId]);
  const alsoReportedBy: RelatedVersion[] = [];
  const versions = ctx.store.items.byStory(item.storyId).filter((v) => isPublishable(v, ctx.now));
  // A later, complete version of the story (a wire update under a new guid) lends its text.
  const update = newestUpdate(item, versions);
  for (const other of versions) {
    if (seen.has(other.sourceId)) continue;
    seen.add(other.sourceId);
    alsoReportedBy.push({ source: sourceRef(other.sourceId, sources, ctx.store), title: other.title, url: other.url });
  }
  return { item: update ? withUpdateText(item, update) : item, source: sourceRef(item.sourceId, sources, ctx.store), alsoReportedBy };
}

export function sourceRef(id: string, sources: Map<string, SourceConfig>, store: Store): SourceRef {
  const config = sources.get(id);
  const state = store.sources.get(id);
  const link = [state?.feedLink, config?.url].find((u) => u && /^https?:\/\//i.test(u)) ?? null;
  return { id, title: config?.title ?? state?.feedTitle ?? id, link, kind: config?.kind ?? 'partner' };
}

function latestChange(entries: Array<{ item: StoredItem }>): string {
  const latest = entries.reduce((max, e) => (e.item.changedAt > max ? e.item.changedAt : max), '');
  return latest || new Date(0).toISOString();
}
