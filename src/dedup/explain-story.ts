/**
 * Why a story holds its versions: how each one joined (exact, near, teaser, headline, or it
 * opened the story), its similarity to the canonical version, and why that version is canonical.
 * Pure: the caller reads the versions and their placement records from the store.
 */
import type { Item } from '../model/item.js';
import { analyzeText } from './analyze.js';
import { compareVersions, type RankedVersion } from './canonical.js';
import { similarityOf } from './similarity.js';
import type { JoinedVia, VersionRecord } from './story-port.js';

export interface ExplainedVersion {
  id: string;
  sourceId: string;
  title: string;
  url: string | null;
  published: string | null;
  priority: number;
  words: number;
  via: JoinedVia | 'unknown';
  /** The canonical it was compared with when it joined, and how close it was then. */
  comparedItemId: string | null;
  joinedJaccard: number | null;
  joinedContainment: number | null;
  /** Similarity to the story's canonical version now. */
  jaccard: number;
  containment: number;
  isCanonical: boolean;
}

export interface StoryExplanation {
  id: string;
  canonicalItemId: string | null;
  /** Why the canonical version wins over the next one. */
  canonicalBecause: string;
  versions: ExplainedVersion[];
}

type Version = Pick<Item, 'id' | 'sourceId' | 'title' | 'url' | 'published' | 'fetchedAt' | 'contentText'>;

export function explainStory(storyId: string, versions: Version[], records: Map<string, VersionRecord>, priorityOf: (sourceId: string) => number): StoryExplanation {
  const ranked = versions.map((item) => ({ item, priority: priorityOf(item.sourceId) })).sort(compareVersions);
  const canonical = ranked[0]?.item ?? null;
  const analysisOf = (v: Version) => analyzeText(v, new Set(records.get(v.id)?.chrome ?? []));
  const canonicalAnalysis = canonical ? analysisOf(canonical) : null;
  const explained = ranked.map(({ item, priority }): ExplainedVersion => {
    const record = records.get(item.id);
    const now = canonicalAnalysis ? similarityOf({ shingles: analysisOf(item).shingles, background: new Set() }, { shingles: canonicalAnalysis.shingles, background: new Set() }) : null;
    return {
      id: item.id, sourceId: item.sourceId, title: item.title, url: item.url, published: item.published, priority,
      words: item.contentText.split(/\s+/).filter(Boolean).length, via: record?.via ?? 'unknown',
      comparedItemId: record?.comparedItemId ?? null, joinedJaccard: record?.jaccard ?? null, joinedContainment: record?.containment ?? null,
      jaccard: now?.jaccard ?? 0, containment: now?.containment ?? 0, isCanonical: item.id === canonical?.id,
    };
  });
  return { id: storyId, canonicalItemId: canonical?.id ?? null, canonicalBecause: canonicalReason(ranked), versions: explained };
}

function canonicalReason(ranked: Array<RankedVersion & { item: Version }>): string {
  const [first, second] = ranked;
  if (!first) return 'no versions';
  if (!second) return 'the only version';
  if (first.priority !== second.priority) return `its source has the highest priority (${first.priority} > ${second.priority})`;
  const [a, b] = [first.item.contentText.length, second.item.contentText.length];
  if (a > b * 1.5 + 40) return `same priority, and its text is clearly the most complete (${a} characters against ${b})`;
  if ((first.item.published ?? first.item.fetchedAt) !== (second.item.published ?? second.item.fetchedAt)) {
    return 'same priority, about as complete as the others, and the earliest';
  }
  return 'same priority, completeness and date: the first by item id';
}
