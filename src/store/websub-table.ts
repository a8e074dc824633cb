/** The WebSub outbox (a row per refresh that changed items, written in its transaction) and what each feed URL was last announced with. */
import type Database from 'better-sqlite3';
import type { WebSubOutbox, WebSubOutboxPass } from '../http/websub.js';

/** One process publishes from an SQLite store (its polling node): a pass is the table itself. */
export function createWebSubTable(db: Database.Database): WebSubOutbox & WebSubOutboxPass & { enqueue(at: string): void } {
  const enqueue = db.prepare(`INSERT INTO websub_outbox (created_at) VALUES (?)`);
  const last = db.prepare<[], { seq: number }>(`SELECT MAX(seq) AS seq FROM websub_outbox`);
  const consume = db.prepare(`DELETE FROM websub_outbox WHERE seq <= ?`);
  const announced = db.prepare<[], { url: string; etag: string }>(`SELECT url, etag FROM websub_announced`);
  const record = db.prepare(`INSERT INTO websub_announced (url, etag, announced_at) VALUES (?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, announced_at = excluded.announced_at`);
  const table = {
    enqueue: (at: string) => void enqueue.run(at),
    lastPending: () => last.get()?.seq ?? null,
    consume: (seq: number) => void consume.run(seq),
    announced: () => new Map(announced.all().map((r) => [r.url, r.etag])),
    recordAnnounced: (url: string, etag: string, at: string) => void record.run(url, etag, at),
    begin: () => table,
  };
  return table;
}
