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
import { sentencesSharedWith, shingleSet } from './shingles.js';
import type { MatchThresholds, Similarity } from './similarity.js';

/** At least this share of the smaller text's figures must be in the larger one. */
const MIN_SHARED_FIGURES = 0.5;

/**
 * Only the figures of sentences the other text echoes (shares a shingle with) count: a template's
 * sentences are echoed with other names and numbers, while a paragraph quoted from elsewhere is
 * not echoed at all and says nothing about these facts.
 */
export function hasDifferentFacts(a: AnalyzedText, b: AnalyzedText, skipA: ReadonlySet<number>, skipB: ReadonlySet<number>): boolean {
  const [setA, setB] = [shingleSet(a.shingles, (s) => skipA.has(s)), shingleSet(b.shingles, (s) => skipB.has(s))];
  const figuresA = figureSet(a, sentencesSharedWith(a.shingles, setB), skipA);
  const figuresB = figureSet(b, sentencesSharedWith(b.shingles, setA), skipB);
  const [small, large] = figuresA.size <= figuresB.size ? [figuresA, figuresB] : [figuresB, figuresA];
  if (small.size === 0) return false;
  let shared = 0;
  for (const f of small) if (large.has(f)) shared++;
  return shared < small.size * MIN_SHARED_FIGURES;
}

export function isHeadlineCompatible(a: AnalyzedText, b: AnalyzedText, similarity: Similarity, thresholds: MatchThresholds): boolean {
  const [small, large] = a.shingles.count <= b.shingles.count ? [a, b] : [b, a];
  const inLarge = figureSet(large);
  if (![...figureSet(small)].every((f) => inLarge.has(f))) return false;
  // Too little text to contradict anything (a headline with a line or two).
  if (similarity.smaller < thresholds.minSharedShingles * 2) return true;
  return similarity.containment >= thresholds.containment / 2;
}

function figureSet(analysis: AnalyzedText, only: ReadonlySet<number> | null = null, skip: ReadonlySet<number> = new Set()): Set<string> {
  return new Set(analysis.figures.filter((f) => (only === null || only.has(f.sentence)) && !skip.has(f.sentence)).map((f) => f.value));
}
