/**
 * Body F1 as the public article-extraction benchmarks score it: word 4-shingles (with counts) of
 * the expected and extracted text; per page, true/false positives and negatives normalized so long
 * pages weigh no more than short ones; precision and recall averaged over pages, F1 from the means.
 */

export interface ShingleScore { tp: number; fp: number; fn: number }
export interface Totals { f1: number; precision: number; recall: number }

const TOKEN = /[\p{L}\p{N}\p{M}_]+/gu;
const N = 4;

export function scoreBody(expected: string, extracted: string): ShingleScore {
  const want = shingles(expected);
  const got = shingles(extracted);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(key) ?? 0;
    const g = got.get(key) ?? 0;
    tp += Math.min(w, g);
    fp += Math.max(0, g - w);
    fn += Math.max(0, w - g);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp: 0, fp: 0, fn: 0 };
}

export function totals(scores: ShingleScore[]): Totals {
  const precisions = scores.filter((s) => s.tp + s.fp > 0).map((s) => ratio(s, s.fp));
  const recalls = scores.filter((s) => s.tp + s.fn > 0).map((s) => ratio(s, s.fn));
  const precision = mean(precisions);
  const recall = mean(recalls);
  return { f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, precision, recall };
}

function ratio(s: ShingleScore, miss: number): number {
  if (s.fp === 0 && s.fn === 0) return 1;
  if (s.tp === 0 && miss === 0) return 0;
  return s.tp / (s.tp + miss);
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function shingles(text: string): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - N + 1); i++) {
    const key = tokens.slice(i, i + N).join(' ');
    if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
