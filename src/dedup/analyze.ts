/** Everything the story layer derives from one item's text, computed once per new version. */
import { hashString32 } from './hashing.js';
import { bandKeys, minhash } from './minhash.js';
import { prepareText, type PreparedText } from './prepare-text.js';
import { shinglesOf, type Shingles } from './shingles.js';

/** Sentences shorter than this are too generic to index ("He declined to comment."). */
export const MIN_SENTENCE_TOKENS = 6;
/** Texts with fewer shingles than this are not put in the LSH index (the exact layer still sees them). */
export const MIN_INDEXED_SHINGLES = 3;

export interface AnalyzedText {
  prepared: PreparedText;
  shingles: Shingles;
  /** Null when the text is too short to index. */
  bandKeys: Uint32Array | null;
  /** Hash of each prepared sentence (0 when too short to index), by sentence index. */
  sentenceHashes: number[];
  /** Keys of the raw body's short lines, for per-source chrome detection. */
  lineKeys: number[];
}

export function analyzeText(input: { title: string; contentText: string }, isRepeatedLine?: (key: number) => boolean): AnalyzedText {
  const prepared = prepareText(input, isRepeatedLine ? { isRepeatedLine } : {});
  const shingles = shinglesOf(prepared);
  const keys = shingles.count >= MIN_INDEXED_SHINGLES ? bandKeys(minhash(shingles)) : null;
  return {
    prepared,
    shingles,
    bandKeys: keys,
    sentenceHashes: prepared.sentences.map((s) => (s.tokens.length >= MIN_SENTENCE_TOKENS ? sentenceHash(s.tokens) : 0)),
    lineKeys: prepared.lineKeys,
  };
}

/**
 * A sentence's key: its first words only, so a teaser cut mid-sentence ("…mettant ainsi fin à…")
 * still finds the full text. Signed 32-bit (SQLite INTEGER), never 0.
 */
export const SENTENCE_KEY_TOKENS = 12;

export function sentenceHash(tokens: string[]): number {
  return hashString32(tokens.slice(0, SENTENCE_KEY_TOKENS).join(' '), 0x5e7e9ce5) | 0 || 1;
}
