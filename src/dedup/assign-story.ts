/**
 * Which story a version joins: the exact layer (same prepared body hash within the window), else
 * near-duplicate candidates from the LSH index, the opening-sentence index and the headline index,
 * each checked exactly against the candidate story's CANONICAL item only, so a story never grows by
 * chaining through a third item. Pure over its view of the items placed before it.
 */
import type { AnalyzedText } from './analyze.js';
import { BANDS } from './minhash.js';
import { isSameStory, matchScore, similarityOf, type MatchThresholds, type Similarity } from './similarity.js';
import { hasDifferentFacts, isHeadlineCompatible } from './evidence.js';
import type { JoinedVia } from './story-port.js';

export interface StorySettings extends MatchThresholds {
  windowHours: number;
  /** A sentence carried by this many other stories is background: it neither finds nor proves a match. */
  backgroundStories: number;
  /** A short line a source prints under this many stories is chrome, dropped before comparing. */
  chromeLineStories: number;
}

export interface CanonicalView {
  itemId: string;
  analysis: AnalyzedText;
}

/** What the items placed before this one show, within its window. */
export interface PlacementView {
  exactStory(contentHash: string): string | null;
  lshStories(bandKeys: Uint32Array): Map<string, number>;
  /** Up to `limit` stories carrying the hash (sentence or headline). */
  stories(hash: number, limit: number): string[];
  canonicalOf(storyId: string): CanonicalView | null;
}

export interface NewVersion {
  contentHash: string;
  analysis: AnalyzedText;
}

export interface Assignment {
  storyId: string | null;
  via: JoinedVia;
  comparedItemId: string | null;
  similarity: Similarity | null;
}

/** How many opening sentences of a new item are looked up: a teaser is one or two paragraphs, and a
 * reworded lede still leaves the next sentences to find the story by. */
const OPENING_SENTENCES = 5;
const MAX_CANDIDATES = 12;
const SENTENCE_LOOKUP_LIMIT = 32;

type Found = 'near' | 'teaser' | 'headline';

export function assignStory(version: NewVersion, view: PlacementView, settings: StorySettings): Assignment {
  const none: Assignment = { storyId: null, via: 'new', comparedItemId: null, similarity: null };
  const exact = view.exactStory(version.contentHash);
  if (exact) return { ...none, storyId: exact, via: 'exact', comparedItemId: view.canonicalOf(exact)?.itemId ?? null };
  const { analysis } = version;
  const carriers = analysis.sentenceHashes.map((h) => (h === 0 ? [] : view.stories(h, settings.backgroundStories + 1)));
  const background = backgroundHashes(analysis, carriers, settings.backgroundStories);
  let best = none;
  let bestScore = -1;
  for (const [storyId, found] of collectCandidates(analysis, carriers, view, settings)) {
    const canonical = view.canonicalOf(storyId);
    if (!canonical) continue;
    const other = canonical.analysis;
    const discounted = withOtherStoriesText(analysis, carriers, background, storyId);
    const [skipOwn, skipOther] = [sentencesIn(analysis, discounted), sentencesIn(other, discounted)];
    if (hasDifferentFacts(analysis, other, skipOwn, skipOther)) continue;
    const similarity = similarityOf({ shingles: analysis.shingles, background: skipOwn }, { shingles: other.shingles, background: skipOther });
    const via = isSameStory(similarity, settings) ? (found === 'headline' ? 'near' : found)
      : found === 'headline' && isHeadlineCompatible(analysis, other, similarity, settings) ? 'headline' : null;
    if (!via) continue;
    const score = matchScore(similarity) + (via === 'headline' ? 0 : 2);
    if (score > bestScore) {
      bestScore = score;
      best = { storyId, via, comparedItemId: canonical.itemId, similarity };
    }
  }
  return best;
}

/** Candidate stories, most hits first, with the index that found them (LSH counts as near). */
function collectCandidates(analysis: AnalyzedText, carriers: string[][], view: PlacementView, settings: StorySettings): Map<string, Found> {
  const scores = new Map<string, { hits: number; found: Found }>();
  const add = (story: string, hits: number, found: Found) => {
    const current = scores.get(story);
    scores.set(story, { hits: (current?.hits ?? 0) + hits, found: current && current.found !== 'headline' ? current.found : found });
  };
  if (analysis.bandKeys) for (const [story, hits] of view.lshStories(analysis.bandKeys)) add(story, hits, 'near');
  let looked = 0;
  analysis.sentenceHashes.forEach((hash, i) => {
    if (hash === 0 || looked >= OPENING_SENTENCES) return;
    looked++;
    // A background sentence opens many stories: it finds nothing.
    if ((carriers[i]?.length ?? 0) >= settings.backgroundStories) return;
    for (const story of view.stories(hash, SENTENCE_LOOKUP_LIMIT)) add(story, BANDS, 'teaser');
  });
  if (analysis.headlineHash !== 0) {
    for (const story of view.stories(analysis.headlineHash, SENTENCE_LOOKUP_LIMIT)) add(story, 1, 'headline');
  }
  const ranked = [...scores].sort((a, b) => b[1].hits - a[1].hits || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CANDIDATES);
  return new Map(ranked.map(([story, s]) => [story, s.found]));
}

/** The new item's sentences that at least `threshold` stories carry: background, not evidence. */
function backgroundHashes(analysis: AnalyzedText, carriers: string[][], threshold: number): Set<number> {
  const out = new Set<number>();
  analysis.sentenceHashes.forEach((hash, i) => {
    if (hash !== 0 && (carriers[i]?.length ?? 0) >= threshold) out.add(hash);
  });
  return out;
}

/**
 * Against one candidate, the new item's sentences that other stories carry and the candidate does
 * not are left out too: text another story explains (its background paragraph quoted here) is no
 * evidence for or against this one.
 */
function withOtherStoriesText(analysis: AnalyzedText, carriers: string[][], background: Set<number>, storyId: string): Set<number> {
  const out = new Set(background);
  analysis.sentenceHashes.forEach((hash, i) => {
    const stories = carriers[i] ?? [];
    if (hash !== 0 && stories.length > 0 && !stories.includes(storyId)) out.add(hash);
  });
  return out;
}

function sentencesIn(analysis: AnalyzedText, hashes: Set<number>): Set<number> {
  const out = new Set<number>();
  if (hashes.size === 0) return out;
  analysis.sentenceHashes.forEach((hash, i) => {
    if (hashes.has(hash)) out.add(i);
  });
  return out;
}
