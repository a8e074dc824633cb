/**
 * Wire items' editorial state in the items table (embargo, kill) and the wire events log: kills
 * and items or references a source's documents could not deliver, kept for the dashboard.
 */
import type Database from 'better-sqlite3';
import { fromRow, type ItemRow, type StoredItem } from './items-table.js';

export type WireEventKind = 'killed' | 'rejected';

export interface WireEvent {
  sourceId: string;
  kind: WireEventKind;
  /** What the event is about: an item identity, or the rejection message's own key. */
  ref: string;
  itemId: string | null;
  title: string | null;
  message: string;
  firstAt: string;
  lastAt: string;
}

export interface WireTable {
  /** The earliest embargo still in force after `now` (ISO), or null. */
  nextEmbargo(now: string): string | null;
  /** Items killed at or after `since`, newest kill first (only these sources; empty means all). */
  killedSince(sourceIds: string[], since: string, limit: number): StoredItem[];
  /** Records an event once per (source, kind, ref); true when it is new. */
  recordEvent(event: Omit<WireEvent, 'firstAt' | 'lastAt'>, at: string): boolean;
  recentEvents(limit: number): WireEvent[];
}

/** The columns derived from an item's editorial metadata, for items-table's statements. */
export function editorialColumns(item: StoredItem): Pick<ItemRow, 'editorial' | 'embargo_until' | 'killed_at'> {
  const editorial = item.editorial;
  if (!editorial) return { editorial: null, embargo_until: null, killed_at: null };
  return {
    editorial: JSON.stringify(editorial),
    embargo_until: editorial.embargoUntil,
    killed_at: editorial.pubStatus === 'canceled' ? item.changedAt : null,
  };
}

interface EventRow {
  source_id: string; kind: WireEventKind; ref: string; item_id: string | null; title: string | null;
  message: string; first_at: string; last_at: string;
}

export function createWireTable(db: Database.Database): WireTable {
  // julianday: '12:00:00Z' and '12:00:00.500Z' do not compare as strings do.
  const next = db.prepare<[string], { at: string | null }>(`SELECT embargo_until AS at FROM items
    WHERE embargo_until IS NOT NULL AND julianday(embargo_until) > julianday(?) AND killed_at IS NULL
    ORDER BY julianday(embargo_until) LIMIT 1`);
  const insert = db.prepare(`INSERT OR IGNORE INTO wire_events (source_id, kind, ref, item_id, title, message, first_at, last_at)
    VALUES (@sourceId, @kind, @ref, @itemId, @title, @message, @at, @at)`);
  const touch = db.prepare(`UPDATE wire_events SET last_at = @at, message = @message WHERE source_id = @sourceId AND kind = @kind AND ref = @ref`);
  const recent = db.prepare<[number], EventRow>(`SELECT * FROM wire_events ORDER BY last_at DESC, ref LIMIT ?`);
  return {
    nextEmbargo: (now) => next.get(now)?.at ?? null,
    killedSince: (sourceIds, since, limit) => {
      const inSources = sourceIds.length > 0 ? `AND source_id IN (${sourceIds.map(() => '?').join(', ')})` : '';
      return db.prepare<unknown[], ItemRow>(`SELECT * FROM items WHERE killed_at >= ? ${inSources}
        ORDER BY killed_at DESC, id LIMIT ?`).all(since, ...sourceIds, limit).map(fromRow);
    },
    recordEvent: (event, at) => {
      const params = { ...event, at };
      if (insert.run(params).changes > 0) return true;
      touch.run(params);
      return false;
    },
    recentEvents: (limit) => recent.all(limit).map((r) => ({
      sourceId: r.source_id, kind: r.kind, ref: r.ref, itemId: r.item_id, title: r.title,
      message: r.message, firstAt: r.first_at, lastAt: r.last_at,
    })),
  };
}
