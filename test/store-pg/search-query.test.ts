/**
 * One query language, two backends: for generated queries over a generated corpus, SQLite FTS5
 * (toFts5) and a PostgreSQL tsvector with a GIN index (toTsquery) select the same documents.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, QueryError, type QueryNode } from '../../src/curate/query-language.js';
import { toFts5 } from '../../src/curate/query-print.js';
import { searchText } from '../../src/curate/query-text.js';
import { postgresQueryProblem, SEARCH_CONFIG_DDL, searchMatchSql, searchVectorSql, toTsquery } from '../../src/store-pg/search-query.js';
import { generateDocs, generateQuery, seeded } from '../helpers/search-corpus.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';

const QUERIES = 400;
let url = '';
let client: pg.Client;
const sqlite = new Database(':memory:');

describePg('full-text search on PostgreSQL', () => {
  beforeAll(async () => {
    url = await createTestDatabase('search');
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(SEARCH_CONFIG_DDL);
    await client.query(SEARCH_CONFIG_DDL);
    await client.query('CREATE TABLE docs (id integer PRIMARY KEY, search tsvector NOT NULL)');
    await client.query('CREATE INDEX docs_search ON docs USING GIN (search)');
    sqlite.exec(`CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`);
    const insert = sqlite.prepare('INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)');
    for (const doc of generateDocs(seeded(11), 300)) {
      insert.run(doc.id, doc.title, doc.body);
      await client.query(`INSERT INTO docs (id, search) VALUES ($1, ${searchVectorSql('$2', '$3')})`, [doc.id, searchText(doc.title), searchText(doc.body)]);
    }
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    if (url) await dropTestDatabase(url);
  });

  it('selects the same documents as SQLite FTS5 for every generated query', async () => {
    const rnd = seeded(5);
    const fts = sqlite.prepare<[string], { rowid: number }>('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rowid');
    let compared = 0;
    let nonEmpty = 0;
    const refused: string[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const query = generateQuery(rnd);
      let ast: QueryNode;
      let tsquery: string;
      try {
        ast = parseQuery(query);
        tsquery = toTsquery(ast);
      } catch (err) {
        if (!(err instanceof QueryError)) throw err;
        refused.push(err.problem);
        continue;
      }
      const expected = fts.all(toFts5(ast)).map((r) => r.rowid);
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM docs WHERE ${searchMatchSql('search', '$1')} ORDER BY id`, [tsquery]).catch((err: Error) => {
        throw new Error(`${query} → ${tsquery}: ${err.message}`);
      });
      expect(rows.map((r) => r.id), `${query}\n${toFts5(ast)}\n${tsquery}`).toEqual(expected);
      compared++;
      if (expected.length > 0 && expected.length < 300) nonEmpty++;
    }
    // The comparison means something: most queries ran on both and selected some but not all documents.
    expect(compared).toBeGreaterThan(QUERIES * 0.7);
    expect(nonEmpty).toBeGreaterThan(QUERIES * 0.4);
    // Refused: nested column filters that leave no column, NEAR groups tsquery cannot write exactly.
    const reasons = new Set(refused.map((problem) => (problem.startsWith('this NEAR group') ? 'NEAR' : problem)));
    expect([...reasons].sort()).toEqual(['NEAR', 'nested column filters leave no column']);
  });

  it('uses the GIN index for a word', async () => {
    await client.query('SET enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM docs WHERE ${searchMatchSql('search', '$1')}`, [toTsquery(parseQuery('kenya'))]);
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/docs_search/);
  });

  it('folds case and accents like FTS5 remove_diacritics, and keeps title: and body: apart', async () => {
    const { rows } = await client.query<{ v: string }>(`SELECT (${searchVectorSql('$1', '$2')})::text AS v`, [searchText('Été À PARIS'), searchText('la pluie')]);
    expect(rows[0]?.v).toBe("'a':2A 'ete':1A 'la':4B 'paris':3A 'pluie':5B");
  });
});

describe('compiling a query to tsquery', () => {
  it('writes NEAR as every order and distance it allows, and refuses what tsquery cannot say exactly', () => {
    expect(toTsquery(parseQuery('title:NEAR(a b, 0)'))).toBe("( ( 'b':A ) <1> ( 'a':A ) ) | ( ( 'a':A ) <1> ( 'b':A ) )");
    expect(toTsquery(parseQuery('body:"g7 capri"* NOT iran'))).toBe("( 'g7':B <-> 'capri':*B ) & !( 'iran' )");
    expect(postgresQueryProblem('NEAR(g7 iran capri)')).toBeNull();
    expect(postgresQueryProblem('NEAR("a b" "b c")')).toMatch(/cannot be run on PostgreSQL/);
    expect(postgresQueryProblem('NEAR(a b c d, 10)')).toMatch(/more than 1024 alternatives/);
    expect(postgresQueryProblem('iran AND')).toMatch(/syntax error near the end at character 9/);
  });
});
