/**
 * Headlines as evidence: two versions whose folded headlines are equal (within the window) join
 * when their bodies do not contradict each other — the smaller body is too short to judge or
 * overlaps the larger, and it states no figure the larger lacks. A headline alone never joins
 * two substantial bodies that share little, nor bodies that give different figures (the hard
 * negatives: same topic and names, different facts).
 */
import type { AnalyzedText } from './analyze.js';
import type { MatchThresholds, Similarity } from './similarity.js';

const FIGURE_RE = /\d/;

export function isHeadlineCompatible(a: AnalyzedText, b: AnalyzedText, similarity: Similarity, thresholds: MatchThresholds): boolean {
  const [small, large] = a.shingles.count <= b.shingles.count ? [a, b] : [b, a];
  if (!figuresWithin(small, large)) return false;
  // Too little text to contradict anything (a headline with a line or two).
  if (similarity.smaller < thresholds.minSharedShingles * 2) return true;
  return similarity.containment >= thresholds.containment / 2;
}

/** Every figure (token with a digit) of the smaller body also appears in the larger one. */
function figuresWithin(small: AnalyzedText, large: AnalyzedText): boolean {
  const figures = new Set(large.prepared.paragraphs.flat().filter((t) => FIGURE_RE.test(t)));
  return small.prepared.paragraphs.flat().every((t) => !FIGURE_RE.test(t) || figures.has(t));
}
