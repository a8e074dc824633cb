import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareVersions, pickCanonical } from '../../src/dedup/canonical.js';
import { contentHash } from '../../src/dedup/content-hash.js';
import { identityKey, itemId, revisionOf } from '../../src/dedup/identity.js';
import { foldText, tokenize } from '../../src/dedup/prepare-text.js';
import { normalized } from '../helpers/items.js';

describe('text folding', () => {
  it('folds case, accents, ligatures and typographic marks into plain tokens', () => {
    expect(tokenize('« L’Œuvre » — Azerbaïdjan, 2 000 soldats')).toEqual(['l', 'oeuvre', 'azerbaidjan', '2', '000', 'soldats']);
    expect(foldText('ﬁnal ÉTÉ')).toBe('final ete');
  });
});

describe('identity', () => {
  it('prefers the guid, then the URL, then a hash of title and text', () => {
    expect(identityKey(normalized({ guid: 'abc' }))).toBe('guid:abc');
    expect(identityKey(normalized({ guid: null, url: 'https://e.com/x' }))).toBe('url:https://e.com/x');
    const a = identityKey(normalized({ guid: null, url: null }));
    expect(a).toMatch(/^hash:[0-9a-f]{32}$/);
    expect(identityKey(normalized({ guid: null, url: null, title: 'Other' }))).not.toBe(a);
  });

  it('derives a stable id from source and identity', () => {
    expect(itemId('a', 'guid:1')).toBe(itemId('a', 'guid:1'));
    expect(itemId('a', 'guid:1')).not.toBe(itemId('b', 'guid:1'));
  });

  it('gives every id as the digest of source and identity, asked once or again, past the remembered ones and for long identities', () => {
    const digest = (source: string, identity: string) => `it_${createHash('sha256').update(`${source}\u0000${identity}`).digest('hex').slice(0, 20)}`;
    const keys = Array.from({ length: 25_000 }, (_, i) => [`s${i % 7}`, i % 5 === 0 ? `url:https://e.com/${'x'.repeat(300)}/${i}` : `guid:${i % 3_000}`] as const);
    for (const pass of [1, 2]) {
      const wrong = keys.filter(([source, identity]) => itemId(source, identity) !== digest(source, identity));
      expect(wrong, `pass ${pass}`).toEqual([]);
    }
  });

  it('changes the revision when any shown field changes', () => {
    const base = normalized();
    expect(revisionOf(base)).toBe(revisionOf(normalized()));
    expect(revisionOf(normalized({ title: 'Changed' }))).not.toBe(revisionOf(base));
    expect(revisionOf(normalized({ categories: ['x'] }))).not.toBe(revisionOf(base));
  });
});

describe('exact content hash', () => {
  it('is equal for the same body with different case, accents, quotes and spacing', () => {
    const a = contentHash({ title: 'X', contentText: 'Le ministre a déclaré : « C’est fait », mardi soir, devant les députés réunis.' });
    const b = contentHash({ title: 'Y', contentText: 'LE MINISTRE A DECLARE: "C\'est   fait", mardi soir, devant les deputes reunis.' });
    expect(a).toBe(b);
  });

  it('differs when the words differ', () => {
    const a = contentHash({ title: 'X', contentText: 'The minister said on Tuesday that the harbour plan would go ahead next year.' });
    const b = contentHash({ title: 'X', contentText: 'The minister said on Tuesday that the harbour plan would not go ahead next year.' });
    expect(a).not.toBe(b);
  });

  it('includes the title when the body is too short to identify a story', () => {
    const a = contentHash({ title: 'Storm hits coast', contentText: 'Read the full story.' });
    const b = contentHash({ title: 'Markets fall', contentText: 'Read the full story.' });
    expect(a).not.toBe(b);
  });
});

describe('canonical version', () => {
  const v = (id: string, priority: number, length: number, published: string) => ({
    item: { id, published, fetchedAt: published, contentText: 'x'.repeat(length) }, priority,
  });

  it('prefers source priority, then a much longer text, then the earliest', () => {
    expect(pickCanonical([v('a', 1, 5000, '2024-01-02'), v('b', 5, 200, '2024-01-03')])?.item.id).toBe('b');
    expect(pickCanonical([v('a', 1, 300, '2024-01-01'), v('b', 1, 3000, '2024-01-03')])?.item.id).toBe('b');
    expect(pickCanonical([v('a', 1, 1000, '2024-01-02'), v('b', 1, 1010, '2024-01-01')])?.item.id).toBe('b');
    expect(compareVersions(v('a', 1, 10, '2024'), v('a', 1, 10, '2024'))).toBe(0);
  });
});
