/** Everything the story layer derives from one item's text, computed once per placement. */
import { hashJoined32 } from './hashing.js';
import { bandKeys, minhash } from './minhash.js';
import { prepareText, type PreparedText } from './prepare-text.js';
import { shinglesOf, type Shingles } from './shingles.js';

/** Sentences shorter than this are too generic to index ("He declined to comment."). */
export const MIN_SENTENCE_TOKENS = 6;
/** Texts with fewer shingles than this are not put in the LSH index (the exact layer still sees them). */
export const MIN_INDEXED_SHINGLES = 3;
/** Headlines shorter than this are too generic to be evidence ("Markets", "Weather update"). */
export const MIN_HEADLINE_TOKENS = 3;

export interface AnalyzedText {
  shingles: Shingles;
  /** Null when the text is too short to index. */
  bandKeys: Uint32Array | null;
  /** Hash of each prepared sentence (0 when too short to index), by sentence index. */
  sentenceHashes: number[];
  /** Hash of the folded headline (0 when too short to be evidence). */
  headlineHash: number;
  /** Keys of the raw body's short lines, for per-source chrome detection. */
  lineKeys: number[];
  /** The figures a text states (runs of tokens with digits), with the sentence each is in. */
  figures: Array<{ value: string; sentence: number }>;
}

/** `chrome`: keys of lines this source prints under many stories (dropped before comparing). */
export function analyzeText(input: { title: string; contentText: string }, chrome: ReadonlySet<number> = new Set()): AnalyzedText {
  return analyzePrepared(prepareText(input, chrome.size > 0 ? { isRepeatedLine: (key) => chrome.has(key) } : {}));
}

/** The same, over text already prepared (so the exact-layer hash can share the preparation). */
export function analyzePrepared(prepared: PreparedText): AnalyzedText {
  const shingles = shinglesOf(prepared);
  const keys = shingles.count >= MIN_INDEXED_SHINGLES ? bandKeys(minhash(shingles)) : null;
  return {
    shingles,
    bandKeys: keys,
    sentenceHashes: sentenceHashesOf(prepared),
    headlineHash: prepared.titleTokens.length >= MIN_HEADLINE_TOKENS ? headlineHash(prepared.titleTokens) : 0,
    lineKeys: prepared.lineKeys,
    figures: figuresOf(prepared),
  };
}

function sentenceHashesOf(prepared: PreparedText): number[] {
  const out = new Array<number>(prepared.sentences.length);
  prepared.sentences.forEach((s, i) => (out[i] = s.tokens.length >= MIN_SENTENCE_TOKENS ? sentenceHash(s.tokens) : 0));
  return out;
}

/** Runs of adjacent tokens with digits, joined ("3.27 %" folds to 3 27): the figures a text states. */
function figuresOf(prepared: PreparedText): Array<{ value: string; sentence: number }> {
  const out: Array<{ value: string; sentence: number }> = [];
  prepared.sentences.forEach(({ tokens }, sentence) => {
    let start = -1;
    for (let i = 0; i <= tokens.length; i++) {
      const token = tokens[i];
      if (token !== undefined && hasAsciiDigit(token)) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        out.push({ value: start === i - 1 ? (tokens[start] as string) : tokens.slice(start, i).join(' '), sentence });
        start = -1;
      }
    }
  });
  return out;
}

/** What /\d/ (no `u` flag) finds: an ASCII digit. */
function hasAsciiDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * A sentence's key: its first words only, so a teaser cut mid-sentence ("…mettant ainsi fin à…")
 * still finds the full text. Signed 32-bit (SQLite INTEGER), never 0.
 */
export const SENTENCE_KEY_TOKENS = 12;

export function sentenceHash(tokens: string[]): number {
  return hashJoined32(tokens, 0x5e7e9ce5, SENTENCE_KEY_TOKENS) | 0 || 1;
}

/** The folded headline's key (case, accents, quotes and dashes folded by tokenize); its own seed. */
export function headlineHash(tokens: string[]): number {
  return hashJoined32(tokens, 0x4ead11e5) | 0 || 1;
}
