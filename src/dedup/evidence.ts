/**
 * Evidence beyond shingle overlap.
 *  - Facts: two texts that state mostly different figures (a market bulletin of one template, a
 *    company and its numbers apart) are different stories, however much wording they share. A
 *    teaser or a trimmed copy states a subset of the full text's figures; an update keeps most.
 *  - Headlines: two versions whose folded headlines are equal (within the window) join when their
 *    bodies do not contradict each other — the smaller body is too short to judge or overlaps the
 *    larger, and it states no figure the larger lacks. A headline alone never joins two
 *    substantial bodies that share little, nor bodies that give different figures (the hard
 *    negatives: same topic and names, different facts).
 */
import type { AnalyzedText } from './analyze.js';
import type { MatchThresholds, Similarity } from './similarity.js';

/** At least this share of the smaller text's figures must be in the larger one. */
const MIN_SHARED_FIGURES = 0.5;

export function hasDifferentFacts(a: AnalyzedText, b: AnalyzedText): boolean {
  const [small, large] = a.figures.length <= b.figures.length ? [a, b] : [b, a];
  if (small.figures.length === 0) return false;
  const inLarge = new Set(large.figures);
  const shared = small.figures.filter((f) => inLarge.has(f)).length;
  return shared < small.figures.length * MIN_SHARED_FIGURES;
}

export function isHeadlineCompatible(a: AnalyzedText, b: AnalyzedText, similarity: Similarity, thresholds: MatchThresholds): boolean {
  const [small, large] = a.shingles.count <= b.shingles.count ? [a, b] : [b, a];
  const inLarge = new Set(large.figures);
  if (!small.figures.every((f) => inLarge.has(f))) return false;
  // Too little text to contradict anything (a headline with a line or two).
  if (similarity.smaller < thresholds.minSharedShingles * 2) return true;
  return similarity.containment >= thresholds.containment / 2;
}
