/**
 * One query language, two backends: for generated queries over a generated corpus, SQLite FTS5
 * (toFts5) and a PostgreSQL tsvector with a GIN index (toTsquery) select the same documents; and
 * items stored by each backend's ingest answer `include.query` alike, URLs, e-mail addresses,
 * hyphens, accents, CJK and separated numbers included.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, QueryError, type QueryNode } from '../../src/curate/query-language.js';
import { toFts5 } from '../../src/curate/query-print.js';
import { searchText } from '../../src/curate/query-text.js';
import { postgresQueryProblem, SEARCH_CONFIG_DDL, searchMatchSql, searchVectorSql, toTsquery } from '../../src/store-pg/search-query.js';
import { parseConfigText } from '../../src/config/load-config.js';
import type { CuratePort } from '../../src/curate/curate-port.js';
import { runPgIngest } from '../../src/ingest/pg-ingest.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openPgDatabase } from '../../src/store-pg/connection.js';
import { createPgCuratePort } from '../../src/store-pg/curate-reads.js';
import { startFixtureServer } from '../fetch/fixture-server.js';
import { generateDocs, generateQuery, seeded } from '../helpers/search-corpus.js';
import { tempStore } from '../helpers/temp-store.js';
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

  it('selects the same stored items as SQLite where PostgreSQL\'s own parser would split the text otherwise', async () => {
    const texts = [
      ['Read it at https://news.example/path/to-page?id=42', 'Mail desk.editor@wire-agency.example or O\'Neill about l\'info.'],
      ['Covid-19: a state-of-the-art, well-known plan', 'snake_case_word and C++ and #hashtag and @handle'],
      ['Élysée : le café naïve', 'Budget of 1,000,000 euros, 3.14 per cent, on 2024-05-01 at 10:30'],
      ['東京都で地震', 'Версия 2.0 — ΑΘΗΝΑ και Ελλάδα'],
    ];
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Words</title><link>https://w.example/</link>${texts.map(([title, body], i) =>
      `<item><title>${title}</title><link>https://w.example/${i}</link><guid>w${i}</guid><pubDate>${new Date(Date.now() - i * 60_000).toUTCString()}</pubDate><description>${body}</description></item>`).join('')}</channel></rss>`;
    const server = await startFixtureServer({ '/words.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed.replaceAll('&', '&amp;')) });
    const { store, path } = tempStore();
    const db = await openPgDatabase(url, { max: 2 });
    try {
      const loaded = parseConfigText(JSON.stringify({ database: url, sources: [{ id: 'words', url: server.url('/words.rss'), kind: 'wire' }] }), '/tmp/feeds.config.json');
      await runPgIngest(loaded, db, silentLogger(), { all: true });
      await runIngest({ ...loaded, config: { ...loaded.config, database: path } }, store, silentLogger(), { all: true });
      const pgPort = createPgCuratePort(db.pool);
      const ids = async (port: CuratePort, match: string) => (await port.candidates({ sourceIds: [], since: null, limit: 100, match })).map((i) => i.guid).sort();
      const rawParse = async (match: string) => (await db.pool.query<{ guid: string }>(`SELECT guid FROM items
        WHERE (${searchVectorSql('title', 'content_text')}) @@ to_tsquery('wiredesk_simple', $1) ORDER BY guid`, [toTsquery(parseQuery(match))])).rows.map((r) => r.guid);
      const queries = ['example', 'news', '"to page"', '42', 'editor', '"wire agency"', 'neill', 'info', 'covid', '"covid 19"', '"state of the art"', 'known',
        'case', '"snake case word"', 'c', 'hashtag', 'handle', 'elysee', 'title:cafe', 'naive', '000', '"1 000 000"', '3', '"3 14"', '"2024 05 01"', '10',
        '東京都で地震', '東京都*', 'версия', '"2 0"', 'ελλαδα', 'body:αθηνα', 'https OR mail'];
      let differs = 0;
      let found = 0;
      for (const query of queries) {
        const expected = await ids(store.curate, query);
        expect(await ids(pgPort, query), query).toEqual(expected);
        if (expected.length > 0) found += 1;
        if (JSON.stringify(await rawParse(query)) !== JSON.stringify(expected)) differs += 1;
      }
      // Most queries find something, and PostgreSQL's parse of the raw text would have answered many differently.
      expect(found).toBeGreaterThan(queries.length * 0.7);
      expect(differs).toBeGreaterThan(5);
    } finally {
      store.close();
      await db.close();
      await server.close();
    }
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
