/** The WebSub outbox (a row per refresh that changed items, written in its transaction) and what each feed URL was last announced with. */
import type Database from 'better-sqlite3';
import type { WebSubOutbox } from '../http/websub.js';

export function createWebSubTable(db: Database.Database): WebSubOutbox & { enqueue(at: string): void } {
  const enqueue = db.prepare(`INSERT INTO websub_outbox (created_at) VALUES (?)`);
  const last = db.prepare<[], { seq: number }>(`SELECT MAX(seq) AS seq FROM websub_outbox`);
  const consume = db.prepare(`DELETE FROM websub_outbox WHERE seq <= ?`);
  const announced = db.prepare<[], { url: string; etag: string }>(`SELECT url, etag FROM websub_announced`);
  const record = db.prepare(`INSERT INTO websub_announced (url, etag, announced_at) VALUES (?, ?, ?)
    ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, announced_at = excluded.announced_at`);
  return {
    enqueue: (at) => void enqueue.run(at),
    lastPending: () => last.get()?.seq ?? null,
    consume: (seq) => void consume.run(seq),
    announced: () => new Map(announced.all().map((r) => [r.url, r.etag])),
    recordAnnounced: (url, etag, at) => void record.run(url, etag, at),
  };
}
