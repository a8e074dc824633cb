/**
 * The baseline of the ingest bench, run as its own process: the aggregator a user would write in
 * an afternoon with the versions pinned in package.json. rss-parser parses the feed, sanitize-html
 * cleans each item's HTML and strips it to text, better-sqlite3 stores the items in one
 * transaction, and an external-content FTS5 index over title and text is filled once per refresh
 * (one statement at the end of that transaction). No normalization beyond that, no stories.
 *
 * Usage: node dist-bench/bench/ingest-baseline.js FEED_FILE DATABASE_FILE
 * Prints one JSON line: {"items": N}.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import Parser from 'rss-parser';
import sanitizeHtml from 'sanitize-html';

const ALLOWED = { allowedTags: sanitizeHtml.defaults.allowedTags, allowedAttributes: { a: ['href'], img: ['src', 'alt'] } };
const TEXT_ONLY = { allowedTags: [], allowedAttributes: {} };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, url TEXT, title TEXT NOT NULL, published TEXT,
    author TEXT, categories TEXT NOT NULL, summary TEXT, content_html TEXT, content_text TEXT NOT NULL, fetched_at TEXT NOT NULL
  );
  CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    title, content_text, content = 'items', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
  );`;

async function main(feedPath: string, dbPath: string): Promise<void> {
  const feed = await new Parser().parseString(readFileSync(feedPath, 'utf8'));
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const upsert = db.prepare(`INSERT INTO items (guid, url, title, published, author, categories, summary, content_html, content_text, fetched_at)
    VALUES (@guid, @url, @title, @published, @author, @categories, @summary, @contentHtml, @contentText, @fetchedAt)
    ON CONFLICT (guid) DO UPDATE SET title = excluded.title, content_html = excluded.content_html, content_text = excluded.content_text`);
  const lastId = db.prepare<[], { id: number | null }>(`SELECT MAX(id) AS id FROM items`);
  const index = db.prepare(`INSERT INTO items_fts (rowid, title, content_text) SELECT id, title, content_text FROM items WHERE id > ?`);
  const fetchedAt = new Date().toISOString();
  db.transaction(() => {
    const before = lastId.get()?.id ?? 0;
    for (const entry of feed.items) {
      const html = (entry['content:encoded'] as string | undefined) ?? entry.content ?? '';
      upsert.run({
        guid: entry.guid ?? entry.link ?? entry.title ?? '', url: entry.link ?? null,
        title: sanitizeHtml(entry.title ?? '', TEXT_ONLY), published: entry.isoDate ?? null,
        author: entry.creator ?? null, categories: JSON.stringify(entry.categories ?? []),
        summary: entry.contentSnippet ?? null, contentHtml: sanitizeHtml(html, ALLOWED),
        contentText: sanitizeHtml(html, TEXT_ONLY), fetchedAt,
      });
    }
    index.run(before);
  })();
  const count = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM items`).get()?.n ?? 0;
  db.close();
  process.stdout.write(`${JSON.stringify({ items: count })}\n`);
}

const [feedPath, dbPath] = process.argv.slice(2);
if (!feedPath || !dbPath) {
  process.stderr.write('usage: ingest-baseline FEED_FILE DATABASE_FILE\n');
  process.exitCode = 2;
} else {
  await main(feedPath, dbPath);
}
