// A writer process for the clusterer tests: commits its refreshes to PostgreSQL as the PostgreSQL
// item commit does (a new item in its own one-item story, an update numbered again, commit_seq
// numbered under the commit-order lock and the feeds' generation bumped last, in one call), one
// transaction per refresh, with seeded pauses between them.
import { readFileSync } from 'node:fs';
import pg from 'pg';

const [url, file, seedText] = process.argv.slice(2);
const refreshes = JSON.parse(readFileSync(file, 'utf8'));
let seed = Number(seedText) >>> 0;
const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
const COMMIT_SEQ_LOCK_KEY = '8603121487659032950';
const client = new pg.Client({ connectionString: url });
await client.connect();
for (const rows of refreshes) {
  await client.query('BEGIN');
  for (const r of rows) {
    if (r.update) {
      await client.query(`UPDATE items SET title = $2, content_text = $3, content_hash = $4, revision = $5, changed_at = $6, updated = $6
        WHERE id = $1`, [r.id, r.title, r.contentText, r.contentHash, r.revision, r.at]);
      continue;
    }
    await client.query('INSERT INTO stories (id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING', [r.storyId, r.at]);
    await client.query(`INSERT INTO items (id, source_id, identity, guid, url, title, content_text, published, language, content_hash, revision,
      story_id, fetched_at, changed_at, sort_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)`,
    [r.id, r.sourceId, r.identity, r.guid, r.url, r.title, r.contentText, r.published, r.language, r.contentHash, r.revision, r.storyId, r.at, r.published ?? r.at]);
  }
  await client.query(`SELECT wiredesk_announce_commit($1, $2::text[], 'wiredesk_generation')`, [COMMIT_SEQ_LOCK_KEY, rows.map((r) => r.id)]);
  await client.query('COMMIT');
  await new Promise((done) => setTimeout(done, Math.floor(random() * 15)));
}
await client.end();
