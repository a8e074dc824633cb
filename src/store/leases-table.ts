/**
 * Leases: a named lock in the database with an expiry, so two processes (the service and a cron
 * `ingest`) never ingest at once, and a crashed holder blocks nobody for longer than its lease.
 */
import type Database from 'better-sqlite3';

export interface LeasesTable {
  /** Takes the lease when free, expired, or already ours; returns false when someone else holds it. */
  acquire(name: string, holder: string, ttlMs: number, nowMs: number): boolean;
  renew(name: string, holder: string, ttlMs: number, nowMs: number): boolean;
  release(name: string, holder: string): void;
  holderOf(name: string, nowMs: number): string | null;
}

export function createLeasesTable(db: Database.Database): LeasesTable {
  const take = db.prepare(`
    INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
    ON CONFLICT (name) DO UPDATE SET holder = @holder, expires_at = @expires
    WHERE leases.expires_at <= @now OR leases.holder = @holder`);
  const renewStmt = db.prepare(`UPDATE leases SET expires_at = @expires WHERE name = @name AND holder = @holder`);
  const drop = db.prepare(`DELETE FROM leases WHERE name = ? AND holder = ?`);
  const who = db.prepare<[string, number], { holder: string }>(`SELECT holder FROM leases WHERE name = ? AND expires_at > ?`);
  return {
    acquire: (name, holder, ttlMs, nowMs) =>
      db.transaction(() => take.run({ name, holder, expires: nowMs + ttlMs, now: nowMs }).changes === 1).immediate(),
    renew: (name, holder, ttlMs, nowMs) => renewStmt.run({ name, holder, expires: nowMs + ttlMs }).changes === 1,
    release: (name, holder) => void drop.run(name, holder),
    holderOf: (name, nowMs) => who.get(name, nowMs)?.holder ?? null,
  };
}
