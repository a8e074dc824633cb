/**
 * The exact check that decides whether a new item is the same story as a candidate's canonical
 * item: Jaccard similarity and containment (the share of the smaller shingle set found in the
 * larger) over word shingles, with background sentences (shared by many stories) left out.
 */
import { shingleSet, type Shingles } from './shingles.js';

export interface MatchThresholds {
  /** Same story when the shingle sets' Jaccard similarity reaches this… */
  jaccard: number;
  /** …or when this share of the smaller set is found in the larger (trimmed copies, teasers). */
  containment: number;
  /** And at least this many shingles are shared: a few names or figures never make a match. */
  minSharedShingles: number;
}

export interface Similarity {
  jaccard: number;
  containment: number;
  shared: number;
  /** Size of the smaller set after the discount. */
  smaller: number;
}

export interface ComparedText {
  shingles: Shingles;
  /** Sentences (by index) that are background: their shingles are not compared. */
  background: ReadonlySet<number>;
}

export function similarityOf(a: ComparedText, b: ComparedText): Similarity {
  const setA = shingleSet(a.shingles, (s) => a.background.has(s));
  const setB = shingleSet(b.shingles, (s) => b.background.has(s));
  const [small, large] = setA.size <= setB.size ? [setA, setB] : [setB, setA];
  let shared = 0;
  for (const value of small) if (large.has(value)) shared++;
  const union = setA.size + setB.size - shared;
  return {
    jaccard: union === 0 ? 0 : shared / union,
    containment: small.size === 0 ? 0 : shared / small.size,
    shared,
    smaller: small.size,
  };
}

export function isSameStory(similarity: Similarity, thresholds: MatchThresholds): boolean {
  if (similarity.shared < thresholds.minSharedShingles) return false;
  return similarity.jaccard >= thresholds.jaccard || similarity.containment >= thresholds.containment;
}

/** Orders matches: the strongest first. */
export function matchScore(similarity: Similarity): number {
  return similarity.containment + similarity.jaccard;
}
