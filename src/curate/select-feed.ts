/**
 * A curated feed's rules → its entries: matching items, newest first, one entry per story. The
 * store is read through curate's port in a fixed number of calls (candidates, kills, the chosen
 * stories' versions, source facts); everything between them is pure.
 */
import { feedWindowStart } from '../config/retention-window.js';
import type { Config, FeedConfig, SourceConfig } from '../config/schema.js';
import { compareVersions } from '../dedup/canonical.js';
import { newestUpdate, withUpdateText } from '../dedup/newest-update.js';
import { tokenize } from '../dedup/prepare-text.js';
import type { CuratedEntry, CuratedFeed, RelatedVersion, SourceRef } from '../model/curated.js';
import type { StoredItem } from '../store/items-table.js';
import type { CandidateRequest, CuratePort, SourceFacts } from './curate-port.js';
import { compileKeywords } from './keywords.js';
import { eligibleSourceIds } from './source-rules.js';
import { compileWireRules, isPublishable, tombstoneSince, toTombstones, TOMBSTONE_LIMIT } from './wire-rules.js';

/** How many stored items per wanted entry are read before rule filtering. */
const CANDIDATE_FACTOR = 10;

export interface SelectContext {
  config: Config;
  port: CuratePort;
  baseUrl: string;
  now: Date;
}

/** What a feed asks the store for: its sources and, when it may show anything, the candidate request. */
export interface FeedPlan {
  sourceIds: string[];
  request: CandidateRequest | null;
}

export function planFeed(feed: FeedConfig, config: Config, now: Date): FeedPlan {
  const sourceIds = eligibleSourceIds(feed, config.sources);
  if (sourceIds.length === 0) return { sourceIds, request: null };
  // Never older than retention: what a feed shows is what retention keeps (README "Retention").
  const since = feedWindowStart(config, feed.maxAgeHours, now).toISOString();
  const match = feed.include.query;
  const request = { sourceIds, since, limit: feed.limit * CANDIDATE_FACTOR + 200, ...(match === undefined ? {} : { match }) };
  return { sourceIds, request };
}

export async function selectFeed(feed: FeedConfig, ctx: SelectContext): Promise<CuratedFeed> {
  const plan = planFeed(feed, ctx.config, ctx.now);
  const [candidates, killed] = plan.request === null ? [[], []] : await Promise.all([
    ctx.port.candidates(plan.request), ctx.port.killedSince(plan.sourceIds, tombstoneSince(ctx.now), TOMBSTONE_LIMIT),
  ]);
  const rules = compileFeedRules(feed, ctx.config);
  const chosen = pickOnePerStory(candidates.filter((item) => isPublishable(item, ctx.now) && rules(item)), ctx.config).slice(0, feed.limit);
  const versions = chosen.length === 0 ? new Map<string, StoredItem[]>() : await ctx.port.versionsOf(chosen.map((i) => i.storyId));
  const shownSources = new Set([...chosen, ...[...versions.values()].flat()].map((i) => i.sourceId));
  const facts = shownSources.size === 0 ? new Map<string, SourceFacts>() : await ctx.port.sourceFacts([...shownSources].sort());
  const sources = new Map(ctx.config.sources.map((s) => [s.id, s]));
  const entries = chosen.map((item) => toEntry(item, versions.get(item.storyId) ?? [], { sources, facts, now: ctx.now }));
  return {
    id: feed.id,
    title: feed.title,
    description: feed.description || feed.title,
    language: feed.language ?? null,
    baseUrl: ctx.baseUrl,
    updated: latestChange(entries),
    entries,
    deleted: toTombstones(killed.filter(rules)),
  };
}

/** The feed's wire and item rules as one predicate. */
function compileFeedRules(feed: FeedConfig, config: Config): (item: StoredItem) => boolean {
  const wireRules = compileWireRules(feed);
  const itemRules = compileItemRules(feed, new Map(config.sources.map((s) => [s.id, s])));
  return (item) => wireRules(item) && itemRules(item);
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
function pickOnePerStory(items: StoredItem[], config: Config): StoredItem[] {
  const sources = new Map(config.sources.map((s) => [s.id, s]));
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

interface EntryContext {
  sources: Map<string, SourceConfig>;
  facts: Map<string, SourceFacts>;
  now: Date;
}

function toEntry(item: StoredItem, stored: StoredItem[], ctx: EntryContext): CuratedEntry & { item: StoredItem } {
  const seen = new Set([item.sourceId]);
  const alsoReportedBy: RelatedVersion[] = [];
  const versions = stored.filter((v) => isPublishable(v, ctx.now));
  // A later, complete version of the story (a wire update under a new guid) lends its text.
  const update = newestUpdate(item, versions);
  for (const other of versions) {
    if (seen.has(other.sourceId)) continue;
    seen.add(other.sourceId);
    alsoReportedBy.push({ source: sourceRef(other.sourceId, ctx.sources, ctx.facts), title: other.title, url: other.url });
  }
  return { item: update ? withUpdateText(item, update) : item, source: sourceRef(item.sourceId, ctx.sources, ctx.facts), alsoReportedBy };
}

export function sourceRef(id: string, sources: Map<string, SourceConfig>, facts: Map<string, SourceFacts>): SourceRef {
  const config = sources.get(id);
  const state = facts.get(id);
  const link = [state?.feedLink, config?.url].find((u) => u && /^https?:\/\//i.test(u)) ?? null;
  return { id, title: config?.title ?? state?.feedTitle ?? id, link, kind: config?.kind ?? 'partner' };
}

function latestChange(entries: Array<{ item: StoredItem }>): string {
  const latest = entries.reduce((max, e) => (e.item.changedAt > max ? e.item.changedAt : max), '');
  return latest || new Date(0).toISOString();
}
