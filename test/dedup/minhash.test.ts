import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/dedup/analyze.js';
import { LshIndex } from '../../src/dedup/lsh-index.js';
import { bandKeys, estimateJaccard, minhash, NUM_HASHES } from '../../src/dedup/minhash.js';
import { prepareText } from '../../src/dedup/prepare-text.js';
import { shingleSet, shinglesOf } from '../../src/dedup/shingles.js';
import { isSameStory, similarityOf } from '../../src/dedup/similarity.js';

const text = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `w${(i * 7919 + seed * 104729) % 5003}`).join(' ');
const sig = (body: string) => minhash(shinglesOf(prepareText({ title: '', contentText: body })));

describe('MinHash signatures', () => {
  it('never change for a given text (stored band keys depend on the fixed seeds)', () => {
    const keys = bandKeys(sig('The quick brown fox jumps over the lazy dog near the river bank at dawn.'));
    // Golden values: if this fails, the seeds or hashes changed and every stored signature is void.
    expect([...keys.slice(0, 4)]).toMatchInlineSnapshot(`
      [
        1089946340,
        628838768,
        4007992468,
        2837973294,
      ]
    `);
  });

  it('holds 64-bit minima as two 32-bit lanes that both vary', () => {
    const s = sig(text(200, 1));
    expect(s.length).toBe(NUM_HASHES * 2);
    const lows = new Set([...s].filter((_, i) => i % 2 === 1));
    expect(lows.size).toBeGreaterThan(NUM_HASHES * 0.9);
  });

  it('estimates the Jaccard similarity of the shingle sets', () => {
    const a = text(400, 1);
    const b = `${a.split(' ').slice(0, 200).join(' ')} ${text(200, 2)}`;
    const exact = similarityOf({ shingles: shinglesOf(prepareText({ title: '', contentText: a })), background: new Set() },
      { shingles: shinglesOf(prepareText({ title: '', contentText: b })), background: new Set() }).jaccard;
    expect(Math.abs(estimateJaccard(sig(a), sig(b)) - exact)).toBeLessThan(0.12);
  });
});

describe('LSH index of the active window', () => {
  const keysOf = (body: string) => analyzeText({ title: '', contentText: body }).bandKeys!;

  it('finds a near copy, not an unrelated text, and only within the time window', () => {
    const index = new LshIndex();
    const base = text(300, 3);
    index.add({ itemId: 'a', storyId: 'st_a', at: 1000, bandKeys: keysOf(base) });
    index.add({ itemId: 'b', storyId: 'st_b', at: 1000, bandKeys: keysOf(text(300, 4)) });
    const copy = `${base.split(' ').slice(0, 280).join(' ')} extra words at the end`;
    expect([...index.query(keysOf(copy), 0, 2000).keys()]).toEqual(['st_a']);
    expect(index.query(keysOf(copy), 5000, 9000).size).toBe(0);
  });

  it('replaces an item added again and forgets evicted ones', () => {
    const index = new LshIndex();
    const body = text(300, 5);
    index.add({ itemId: 'a', storyId: 'st_1', at: 10, bandKeys: keysOf(body) });
    index.add({ itemId: 'a', storyId: 'st_2', at: 10, bandKeys: keysOf(body) });
    expect([...index.query(keysOf(body), 0, 100).keys()]).toEqual(['st_2']);
    index.evictBefore(11);
    expect(index.size).toBe(0);
    expect(index.query(keysOf(body), 0, 100).size).toBe(0);
  });

  it('grows past its initial capacity and compacts without losing live items', () => {
    const index = new LshIndex();
    for (let i = 0; i < 3000; i++) index.add({ itemId: `i${i}`, storyId: `s${i}`, at: i, bandKeys: keysOf(text(60, i)) });
    index.evictBefore(2000);
    expect(index.size).toBe(1000);
    expect(index.query(keysOf(text(60, 2500)), 0, 1e9).get('s2500')).toBe(32);
  });
});

describe('exact check', () => {
  const compare = (a: string, b: string) => similarityOf(
    { shingles: shinglesOf(prepareText({ title: '', contentText: a })), background: new Set() },
    { shingles: shinglesOf(prepareText({ title: '', contentText: b })), background: new Set() });
  const thresholds = { jaccard: 0.5, containment: 0.6, minSharedShingles: 8 };

  it('does not match two stories that share only names and figures', () => {
    const a = 'Mayor Alice Penhaligon of Kingsmouth said the harbour plan would cost 4.2 million pounds and create 90 jobs by 2026.';
    const b = 'Kingsmouth fishermen told Mayor Alice Penhaligon that a 4.2 million pounds quota cut would end 90 jobs by 2026.';
    expect(isSameStory(compare(a, b), thresholds)).toBe(false);
  });

  it('leaves background sentences out of the comparison', () => {
    const prepared = prepareText({ title: '', contentText: 'One two three four five six seven. Eight nine ten eleven twelve.' });
    const all = shingleSet(shinglesOf(prepared));
    const withoutFirst = shingleSet(shinglesOf(prepared), (s) => s === 0);
    expect(withoutFirst.size).toBeLessThan(all.size);
    expect(withoutFirst.size).toBeGreaterThan(0);
  });
});
