/**
 * The dedup layer's fast paths compute exactly what their plain definitions do: SIMD MinHash vs
 * the scalar loop, hashes of joined tokens without the join, the ASCII fold vs the full fold, and
 * shingles vs their definition (hash each token, combine each window), over generated inputs.
 */
import { describe, expect, it } from 'vitest';
import { combine32, hashJoined32, hashString32, hashString64, hashString64Into, splitmix32 } from '../../src/dedup/hashing.js';
import { minhash, scalarMinhash } from '../../src/dedup/minhash.js';
import { foldText, foldTextFully, prepareText, SENTENCE_END_RE, splitSentences, tokenize, type PreparedText } from '../../src/dedup/prepare-text.js';
import { SHINGLE_WORDS, shinglesOf, type Shingles } from '../../src/dedup/shingles.js';
import { mulberry32 } from '../../bench/generate-feed.js';

const PIECES = ['Le', 'gouvernement', 'a', 'annoncé', 'mardi', '3,27 %', 'Œuvre', 'ﬁnal', '«', '»', '—', 'l’État', 'Straße', 'ÉTÉ',
  'Tōkyō', '東京', '٣', '`quoted`', 'it\'s', 'ＡＢＣ', 'x\u0301', 'Ĳssel', 'İstanbul', '😀', '.', '!', '?', '…', '\t', '  ', 'PARIS (AFP) -', '2024', 'A1'];

function generatedTexts(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 1 + Math.floor(random() * 60) }, () => PIECES[Math.floor(random() * PIECES.length)] as string);
    const lines = [];
    while (words.length > 0) lines.push(words.splice(0, 1 + Math.floor(random() * 20)).join(random() < 0.8 ? ' ' : ''));
    return lines.join('\n');
  });
}

function randomShingles(count: number, seed: number): Shingles {
  return { hi: splitmix32(seed, count), lo: seed % 5 === 0 ? new Uint32Array(count) : splitmix32(seed + 1, count), sentence: new Int32Array(count), count };
}

/** The shingles by their definition: each token hashed, each window's hashes combined in order. */
function referenceShingles(prepared: PreparedText): Array<[number, number, number]> {
  const sentenceOf: number[][] = prepared.paragraphs.map(() => []);
  prepared.sentences.forEach((s, index) => sentenceOf[s.paragraph]?.push(...s.tokens.map(() => index)));
  const out: Array<[number, number, number]> = [];
  prepared.paragraphs.forEach((tokens, p) => {
    for (let i = 0; i < Math.max(1, tokens.length - SHINGLE_WORDS + 1); i++) {
      let hi = 0x3c6ef372;
      let lo = 0xa54ff53a;
      for (const token of tokens.slice(i, i + SHINGLE_WORDS)) {
        const [h, l] = hashString64(token);
        hi = combine32(hi, h);
        lo = combine32(lo, l);
      }
      out.push([hi, lo, sentenceOf[p]?.[i] ?? -1]);
    }
  });
  return out;
}

describe('dedup fast paths', () => {
  it('computes MinHash signatures with SIMD equal to the scalar loop, for any count of shingles', () => {
    for (const count of [0, 1, 2, 3, 4, 5, 17, 160, 1000, 20_000]) {
      for (const seed of [1, 5, 9]) {
        const shingles = randomShingles(count, seed * 7919 + count);
        expect([...minhash(shingles)]).toEqual([...scalarMinhash(shingles)]);
      }
    }
  });

  it('hashes joined tokens without joining them, and both string hash lanes in one pass', () => {
    const random = mulberry32(32);
    const hi = new Uint32Array(1);
    const lo = new Uint32Array(1);
    for (const text of generatedTexts(300, 7)) {
      const tokens = text.split(/\s+/).filter((t) => t !== '');
      const limit = Math.floor(random() * 15);
      const seed = Math.floor(random() * 2 ** 32);
      expect(hashJoined32(tokens, seed, limit)).toBe(hashString32(tokens.slice(0, limit).join(' '), seed));
      expect(hashJoined32(tokens)).toBe(hashString32(tokens.join(' ')));
      hashString64Into(text, hi, lo, 0);
      expect([hi[0], lo[0]]).toEqual(hashString64(text));
    }
  });

  it('folds ASCII text as the full fold does', () => {
    const random = mulberry32(127);
    const ascii = Array.from({ length: 500 }, () => String.fromCharCode(...Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 128))));
    for (const text of [...ascii, ...generatedTexts(200, 3)]) expect(foldText(text)).toBe(foldTextFully(text));
  });

  it('splits lines into sentences as the look-behind split does, also when it skips the split', () => {
    const lines = generatedTexts(400, 19).flatMap((text) => text.split('\n'));
    lines.push('One. Two', 'One.  2 more', 'Ends here.', 'Quote." Next', '« Oui ! » Non', 'Wait… Then', 'x.\tY', 'a.b c', 'Done.) Next');
    expect(lines.filter((line) => line.split(SENTENCE_END_RE).length > 1).length).toBeGreaterThan(20);
    for (const line of lines) expect(splitSentences(line)).toEqual(line.split(SENTENCE_END_RE).map(tokenize));
  });

  it('makes the shingles their definition gives', () => {
    for (const contentText of generatedTexts(300, 11)) {
      const shingles = shinglesOf(prepareText({ title: 'Le gouvernement', contentText }));
      const got = Array.from({ length: shingles.count }, (_, i) => [shingles.hi[i], shingles.lo[i], shingles.sentence[i]]);
      expect(got).toEqual(referenceShingles(prepareText({ title: 'Le gouvernement', contentText })));
    }
  });
});
