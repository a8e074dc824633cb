import { describe, expect, it } from 'vitest';
import { entityExpander, MAX_EXPANSION_CHARS, readInternalEntities } from '../../src/parse/dtd-entities.js';

describe('readInternalEntities', () => {
  it('reads internal general entities with single- or double-quoted values', () => {
    const entities = readInternalEntities(`<!DOCTYPE rss [ <!ENTITY id "tag:example.com,"> <!ENTITY who 'Ana'> ]>`);
    expect([...entities]).toEqual([['id', 'tag:example.com,'], ['who', 'Ana']]);
  });

  it('skips external entities, parameter entities and redefinitions of the five XML entities', () => {
    const entities = readInternalEntities(
      '<!DOCTYPE rss [<!ENTITY a SYSTEM "file:///etc/passwd"><!ENTITY b PUBLIC "-//x" "http://x/"><!ENTITY % c "x"><!ENTITY amp "&#38;">]>',
    );
    expect(entities.size).toBe(0);
  });

  it('keeps the first of two declarations of one name, as XML does', () => {
    expect(readInternalEntities('<!ENTITY a "first"><!ENTITY a "second">').get('a')).toBe('first');
  });

  it('expands references between entities a few levels deep, and drops entities nested deeper or looping', () => {
    const chain = readInternalEntities('<!ENTITY a "x"><!ENTITY b "&a;&a;"><!ENTITY c "&b;&b;"><!ENTITY d "&c;&c;"><!ENTITY e "&d;&d;">');
    expect(chain.get('d')).toBe('xxxxxxxx');
    expect(chain.has('e')).toBe(false);
    const loop = readInternalEntities('<!ENTITY a "&b;"><!ENTITY b "&a;"><!ENTITY self "&self;">');
    expect(loop.size).toBe(0);
  });

  it('drops an entity whose value is long, as written or once expanded', () => {
    const entities = readInternalEntities(`<!ENTITY big "${'A'.repeat(5000)}"><!ENTITY s "${'S'.repeat(600)}"><!ENTITY two "&s;&s;">`);
    expect(entities.has('big')).toBe(false);
    expect(entities.has('s')).toBe(true);
    expect(entities.has('two')).toBe(false);
  });
});

describe('entityExpander', () => {
  it('stops expanding once a document has used its expansion budget', () => {
    const value = 'v'.repeat(1000);
    const expand = entityExpander(new Map([['v', value]]));
    const fits = Math.floor(MAX_EXPANSION_CHARS / 1000);
    const uses = Array.from({ length: fits + 5 }, () => expand('v'));
    expect(uses.filter((use) => use === value)).toHaveLength(fits);
    expect(uses.at(-1)).toBeUndefined();
    expect(expand('unknown')).toBeUndefined();
  });
});
