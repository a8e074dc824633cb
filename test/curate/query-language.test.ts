/**
 * The query language: one parse, printed back to the same AST, run by FTS5 with the meaning FTS5
 * itself gives the text; typed errors that say where; the cost caps.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError, type QueryNode } from '../../src/curate/query-language.js';
import { printQuery, toFts5 } from '../../src/curate/query-print.js';
import { generateDocs, generateQuery, seeded } from '../helpers/search-corpus.js';

function parsed(query: string): QueryNode | null {
  try {
    return parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) return null;
    throw err;
  }
}

function errorOf(query: string): QueryError {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`${query} parsed`);
}

describe('the query language', () => {
  it('prints every generated query to text that parses back to the same tree', () => {
    const rnd = seeded(3);
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      const ast = parsed(generateQuery(rnd));
      if (ast === null) continue;
      expect(parseQuery(printQuery(ast))).toEqual(ast);
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('gives each query FTS5 accepts as written the very meaning FTS5 gives it', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`);
    const insert = db.prepare('INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)');
    for (const doc of generateDocs(seeded(2), 200)) insert.run(doc.id, doc.title, doc.body);
    const match = db.prepare<[string], { rowid: number }>('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid');
    const rnd = seeded(9);
    let compared = 0;
    for (let i = 0; i < 500; i++) {
      const query = generateQuery(rnd);
      let raw: number[];
      try {
        raw = match.all(query).map((r) => r.rowid);
      } catch {
        continue; // FTS5 refuses it (a group beside a word, for one): nothing to keep.
      }
      const ast = parsed(query);
      if (ast === null) continue;
      expect(match.all(toFts5(ast)).map((r) => r.rowid), query).toEqual(raw);
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
    db.close();
  });

  it('binds words side by side tighter than NOT, NOT tighter than AND, AND tighter than OR', () => {
    expect(printQuery(parseQuery('a NOT b c'))).toBe('"a" NOT ("b" AND "c")');
    expect(printQuery(parseQuery('a AND b NOT c OR d'))).toBe('("a" AND ("b" NOT "c")) OR "d"');
    expect(printQuery(parseQuery('(a OR b) c'))).toBe('("a" OR "b") AND "c"');
  });

  it('reads column filters, NEAR, prefixes and words with inner punctuation', () => {
    expect(printQuery(parseQuery('-title:(iran OR kenya*) {title}:"g7 capri"'))).toBe('(body:"iran" OR body:"kenya"*) AND title:"g7 capri"');
    expect(parseQuery('NEAR(g7 iran)')).toMatchObject({ kind: 'near', distance: 10, column: null });
    expect(parseQuery("covid-19 l'info")).toMatchObject({ children: [{ tokens: ['covid', '19'] }, { tokens: ['l', 'info'] }] });
    expect(parseQuery('"Été À"')).toMatchObject({ tokens: ['ete', 'a'] });
    expect(parseQuery('and or')).toMatchObject({ kind: 'and', children: [{ text: 'and' }, { text: 'or' }] });
  });

  it('says what is wrong and where, with a typed 400 error', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['sanctions AND', /syntax error near the end/, 13],
      ['iran AND OR kenya', /syntax error near "OR"/, 9],
      ['author:smith', /no such column: author/, 0],
      ['iran "open', /unterminated string/, 5],
      ['(a (b (c)', /syntax error/, 9],
      ['x ^y', /"\^" is not supported/, 2],
      ['a + b', /"\+" phrase operator/, 2],
      ['iran "..."', /has no words/, 5],
      ['iran title:(body:x)', /leave no column/, 5],
    ];
    for (const [query, problem, position] of cases) {
      const err = errorOf(query);
      expect(err.code, query).toBe('CURATE_BAD_QUERY');
      expect(err.status).toBe(400);
      expect(err.problem, query).toMatch(problem);
      expect(err.position, query).toBe(position);
      expect(err.message).toMatch(/^curate: search query .* \(at character \d+\); see README/);
    }
  });

  it('refuses costly shapes before anything runs', () => {
    expect(errorOf('a* b').problem).toMatch(/prefix term "a\*"/);
    expect(errorOf(Array.from({ length: 9 }, (_, i) => `word${i}*`).join(' ')).problem).toMatch(/9 prefix terms \(at most 8\)/);
    expect(errorOf('NEAR(a b) NEAR(c d) NEAR(e f)').problem).toMatch(/3 NEAR groups/);
    expect(errorOf('NEAR(a b c d e f g h i)').problem).toMatch(/NEAR group of 9 terms/);
    expect(errorOf('NEAR(a b, 51)').problem).toMatch(/NEAR distance of 51/);
    expect(errorOf(Array.from({ length: 33 }, (_, i) => `w${i}`).join(' ')).problem).toMatch(/33 words \(at most 32\)/);
    expect(errorOf('('.repeat(17) + 'a' + ')'.repeat(17)).problem).toMatch(/deeper than 16/);
    expect(errorOf('x'.repeat(501)).problem).toMatch(/longer than 500/);
    expect(errorOf('   ').problem).toBe('is empty');
  });
});
