/**
 * A store of word salad for search benchmarks and tests: `items` items over a 2,000-word
 * vocabulary of syllables (seeded, so every run is the same), written straight into a real store
 * file and indexed for full text the way a commit indexes new items (src/store/search-index.ts).
 */
import Database from 'better-sqlite3';
import { createSearchIndex } from '../src/store/search-index.js';

export function fillWordSaladStore(path: string, items: number): void {
  const db = new Database(path);
  let seed = 7;
  const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
  const syllables = ['ka', 'ro', 'mi', 'te', 'su', 'la', 'ne', 'po', 'ri', 'do', 'va', 'ze', 'mar', 'rel', 'kin', 'tor'];
  const vocab = Array.from({ length: 2000 }, () => Array.from({ length: 2 + rnd(3) }, () => syllables[rnd(syllables.length)]).join(''));
  const words = (k: number) => Array.from({ length: k }, () => vocab[rnd(vocab.length)]).join(' ');
  const story = db.prepare(`INSERT INTO stories (id, canonical_item_id, created_at, updated_at) VALUES (?, ?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z')`);
  const item = db.prepare(`INSERT INTO items (id, source_id, identity, title, content_text, content_hash, revision, story_id, fetched_at, changed_at, sort_date)
    VALUES (?, 'wire', ?, ?, ?, ?, 'r', ?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z', ?)`);
  const index = createSearchIndex(db);
  db.transaction(() => {
    for (let i = 0; i < items; i += 1) {
      story.run(`st_${i}`, `it_${i}`);
      item.run(`it_${i}`, `g${i}`, words(6), words(30), `h${i}`, `st_${i}`, new Date(Date.UTC(2024, 3, 17) - i * 60_000).toISOString());
      index.note(`it_${i}`);
    }
    index.flush();
  })();
  db.close();
}
