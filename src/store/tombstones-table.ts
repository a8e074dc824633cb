/**
 * Retention tombstones (migration 6): what identifies a pruned item, so a refresh that meets it
 * again neither stores nor counts it. Tombstones are written by retention (retention-table.ts) and
 * expire once their entry has left its source's feed, so the table stays bounded.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** 64 bits of a hex digest (of the text's SHA-256 when it is not one), as SQLite's signed integer. */
export function hexKey64(hex: string): bigint {
  const digest = /^[0-9a-f]{16}/i.test(hex) ? hex : createHash('sha256').update(hex).digest('hex');
  return BigInt.asIntN(64, BigInt(`0x${digest.slice(0, 16)}`));
}

/** The tombstone key of an item id (`it_` + a digest of source and identity). */
export function tombstoneKey(itemId: string): bigint {
  return hexKey64(itemId.replace(/^it_/, ''));
}

/** Lets SQL compute the same keys as hexKey64 (retention writes tombstones in one statement). */
export function registerKeyFunction(db: Database.Database): void {
  db.function('wd_key64', { deterministic: true, safeIntegers: true }, (hex: unknown) => hexKey64(String(hex)));
}

export interface SourceRead {
  /** Unix seconds of this full read of the feed. */
  at: number;
  /** Keys of tombstoned entries the feed still carries. */
  seen: bigint[];
  /** Keys of tombstoned entries let in again (an edited entry the source dated inside retention). */
  revived: bigint[];
  /** Entries of this read older than retention (by date, or pruned before). */
  tooOld: number;
}

export interface TombstonesTable {
  /** The content key of the tombstone of each of these item keys that has one. */
  find(sourceId: string, keys: bigint[]): Map<bigint, bigint>;
  recordRead(sourceId: string, read: SourceRead): void;
  /** Per source, entries older than retention at its last full read. */
  tooOldBySource(): Map<string, number>;
  /**
   * Drops tombstones whose entry has left its feed: pruned and absent from a later full read, or
   * absent from the latest read and not seen for graceS; and those of sources no longer configured.
   */
  expire(nowS: number, graceS: number, configuredSourceIds: string[]): number;
  count(): number;
}

export function createTombstonesTable(db: Database.Database): TombstonesTable {
  const findOne = db.prepare<[string, bigint], { content: bigint }>(`SELECT content FROM tombstones WHERE source_id = ? AND key = ?`).safeIntegers(true);
  const markSeen = db.prepare(`UPDATE tombstones SET seen_at = ? WHERE source_id = ? AND key = ?`);
  const revive = db.prepare(`DELETE FROM tombstones WHERE source_id = ? AND key = ?`);
  const putRead = db.prepare(`INSERT INTO source_reads (source_id, read_at, too_old) VALUES (?, ?, ?)
    ON CONFLICT (source_id) DO UPDATE SET read_at = excluded.read_at, too_old = excluded.too_old`);
  const tooOld = db.prepare<[], { source_id: string; too_old: number }>(`SELECT source_id, too_old FROM source_reads`);
  const expireLeft = db.prepare(`DELETE FROM tombstones WHERE EXISTS (SELECT 1 FROM source_reads r
    WHERE r.source_id = tombstones.source_id AND r.read_at > COALESCE(tombstones.seen_at, tombstones.pruned_at))
    AND (seen_at IS NULL OR seen_at < @graceStart)`);
  const expireGone = db.prepare(`DELETE FROM tombstones WHERE COALESCE(seen_at, pruned_at) < @graceStart
    AND source_id NOT IN (SELECT value FROM json_each(@configured))`);
  const readsGone = db.prepare(`DELETE FROM source_reads WHERE read_at < @graceStart
    AND source_id NOT IN (SELECT value FROM json_each(@configured))`);
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM tombstones`);
  return {
    find(sourceId, keys) {
      const found = new Map<bigint, bigint>();
      for (const key of keys) {
        const row = findOne.get(sourceId, key);
        if (row) found.set(key, row.content);
      }
      return found;
    },
    recordRead: db.transaction((sourceId: string, read: SourceRead) => {
      for (const key of read.seen) markSeen.run(read.at, sourceId, key);
      for (const key of read.revived) revive.run(sourceId, key);
      putRead.run(sourceId, read.at, read.tooOld);
    }),
    tooOldBySource: () => new Map(tooOld.all().map((r) => [r.source_id, r.too_old])),
    expire(nowS, graceS, configuredSourceIds) {
      const params = { graceStart: nowS - graceS, configured: JSON.stringify(configuredSourceIds) };
      return db.transaction(() => {
        const expired = expireLeft.run({ graceStart: params.graceStart }).changes + expireGone.run(params).changes;
        readsGone.run(params);
        return expired;
      }).immediate();
    },
    count: () => total.get()?.n ?? 0,
  };
}
