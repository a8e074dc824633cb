/**
 * Which story a new item joins: the exact layer (same prepared body hash), else near-duplicate
 * candidates from the LSH index and the opening-sentence index within the time window, each
 * checked exactly against the candidate story's CANONICAL item only, so a story never grows by
 * chaining through a third item. Pure over its ports.
 */
import { analyzeText, type AnalyzedText } from './analyze.js';
import type { LshIndex } from './lsh-index.js';
import { BANDS } from './minhash.js';
import { isSameStory, matchScore, similarityOf, type MatchThresholds, type Similarity } from './similarity.js';

export interface StorySettings extends MatchThresholds {
  windowHours: number;
  /** A sentence carried by this many other stories is background: it neither finds nor proves a match. */
  backgroundStories: number;
  /** A short line a source prints under this many stories is chrome, dropped before comparing. */
  chromeLineStories: number;
}

export interface CanonicalText {
  itemId: string;
  sourceId: string;
  contentHash: string;
  title: string;
  contentText: string;
}

export interface StoryPorts {
  storyByContentHash(hash: string, sourceId: string): string | null;
  canonicalOf(storyId: string): CanonicalText | null;
  /** Stories of items carrying this sentence, dated within [from, to]. */
  sentenceStories(hash: number, from: number, to: number, limit: number): string[];
  /** Up to `limit` distinct stories carrying this sentence, whatever their date. */
  storiesWithSentence(hash: number, limit: number): string[];
  chromeLineStories(sourceId: string, lineKey: number): number;
}

export interface NewVersion {
  sourceId: string;
  title: string;
  contentText: string;
  contentHash: string;
  /** Sort date, epoch seconds. */
  at: number;
}

export interface Assignment {
  storyId: string | null;
  via: 'exact' | 'near' | 'teaser' | null;
  similarity: Similarity | null;
  analysis: AnalyzedText;
}

/** How many opening sentences of a new item are looked up: a teaser is one or two paragraphs, and a
 * reworded lede still leaves the next sentences to find the story by. */
const OPENING_SENTENCES = 5;
const MAX_CANDIDATES = 12;

export interface AssignContext {
  ports: StoryPorts;
  index: LshIndex;
  settings: StorySettings;
  analyzeCanonical(canonical: CanonicalText): AnalyzedText;
}

export function assignStory(version: NewVersion, ctx: AssignContext): Assignment {
  const { ports, settings } = ctx;
  const analysis = analyzeText(version, (key) => ports.chromeLineStories(version.sourceId, key) >= settings.chromeLineStories);
  const exact = ports.storyByContentHash(version.contentHash, version.sourceId);
  if (exact) return { storyId: exact, via: 'exact', similarity: null, analysis };
  const window = settings.windowHours * 3600;
  const carriers = analysis.sentenceHashes.map((h) => (h === 0 ? [] : ports.storiesWithSentence(h, settings.backgroundStories + 1)));
  const candidates = collectCandidates(version.at - window, version.at + window, analysis, carriers, ctx);
  let best: Assignment = { storyId: null, via: null, similarity: null, analysis };
  for (const [storyId, fromTeaserIndex] of candidates) {
    const canonical = ports.canonicalOf(storyId);
    if (!canonical) continue;
    const background = backgroundHashes(analysis, carriers, settings.backgroundStories);
    const other = ctx.analyzeCanonical(canonical);
    const similarity = similarityOf(
      { shingles: analysis.shingles, background: sentencesIn(analysis, background) },
      { shingles: other.shingles, background: sentencesIn(other, background) },
    );
    if (!isSameStory(similarity, settings)) continue;
    if (!best.similarity || matchScore(similarity) > matchScore(best.similarity)) {
      best = { storyId, via: fromTeaserIndex ? 'teaser' : 'near', similarity, analysis };
    }
  }
  return best;
}

/** Candidate stories, most band hits first; true when only the opening-sentence index found it. */
function collectCandidates(from: number, to: number, analysis: AnalyzedText, carriers: string[][], ctx: AssignContext): Map<string, boolean> {
  const scores = new Map<string, { hits: number; teaserOnly: boolean }>();
  if (analysis.bandKeys) {
    for (const [story, hits] of ctx.index.query(analysis.bandKeys, from, to)) scores.set(story, { hits, teaserOnly: false });
  }
  let looked = 0;
  analysis.sentenceHashes.forEach((hash, i) => {
    if (hash === 0 || looked >= OPENING_SENTENCES) return;
    looked++;
    // A background sentence opens many stories: it finds nothing.
    if ((carriers[i]?.length ?? 0) >= ctx.settings.backgroundStories) return;
    for (const story of ctx.ports.sentenceStories(hash, from, to, 32)) {
      const current = scores.get(story);
      scores.set(story, { hits: (current?.hits ?? 0) + BANDS, teaserOnly: current ? current.teaserOnly : true });
    }
  });
  const ranked = [...scores].sort((a, b) => b[1].hits - a[1].hits || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CANDIDATES);
  return new Map(ranked.map(([story, s]) => [story, s.teaserOnly]));
}

/** The new item's sentences that at least `threshold` stories carry: background, not evidence. */
function backgroundHashes(analysis: AnalyzedText, carriers: string[][], threshold: number): Set<number> {
  const out = new Set<number>();
  analysis.sentenceHashes.forEach((hash, i) => {
    if (hash !== 0 && (carriers[i]?.length ?? 0) >= threshold) out.add(hash);
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
